// npm run media -- verify: rows without objects and objects without rows, per prefix, from
// reconcile()'s streaming merge (memory stays flat at any size). Every result is recorded in
// media_checks for the admin page. Fixing is the clean-up engine's job, not ours: it alone
// decides what may be deleted (grace periods, payable checkouts) and records what it did
// (scripts/support/verify-and-fix.ts puts the two together for `verify --fix-orphans`).
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { listPages } from '@/lib/storage/list-all';
import { MEDIA_PREFIXES, reconcile } from './reconcile';
import { recordMediaCheck } from './record-check';

const BATCH = 500;
const MAX_SAMPLES = 20;

interface PrefixCounts {
  prefix: string;
  matched: number;
  /** Rows whose original object is gone (rows still `uploading` are counted apart: expected). */
  missingOriginals: number;
  missingThumbnails: number;
  /** Rows still uploading, whose object has not arrived yet: not a fault. */
  uploading: number;
  orphanObjects: number;
}
export interface VerifyResult {
  ok: boolean;
  prefixes: PrefixCounts[];
  samples: { missing: { key: string; imageId: string; role: 'original' | 'thumbnail' }[]; orphans: { key: string; size: number; lastModified: string }[] };
  durationMs: number;
  checkId: string;
  /** Objects under variants/: derived from the originals, so never lost and never orphans (clean-up sweeps stale ones). */
  derivedVariants: number;
}
export interface VerifyOptions {
  onProgress?: (p: { prefix: string; seen: number }) => void;
  note?: Record<string, unknown>;
}

export async function verifyMedia(db: Db, storage: StorageDriver, options: VerifyOptions = {}): Promise<VerifyResult> {
  const startedAt = new Date();
  const prefixes: PrefixCounts[] = [];
  const samples: VerifyResult['samples'] = { missing: [], orphans: [] };
  for (const prefix of MEDIA_PREFIXES) {
    const counts: PrefixCounts = { prefix, matched: 0, missingOriginals: 0, missingThumbnails: 0, uploading: 0, orphanObjects: 0 };
    let originals: { key: string; imageId: string }[] = [];
    // Whether a row without its original is merely still uploading needs its status: asked
    // a batch at a time, never a query per row.
    const classify = async () => {
      if (originals.length === 0) return;
      const ids = originals.map((o) => o.imageId);
      const uploading = new Set(
        (
          await db
            .select({ id: images.id })
            .from(images)
            .where(and(inArray(images.id, ids), eq(images.status, 'uploading')))
        ).map((r) => r.id),
      );
      for (const o of originals) {
        if (uploading.has(o.imageId)) counts.uploading += 1;
        else {
          counts.missingOriginals += 1;
          if (samples.missing.length < MAX_SAMPLES) samples.missing.push({ ...o, role: 'original' });
        }
      }
      originals = [];
    };
    let seen = 0;
    for await (const item of reconcile(db, storage, prefix)) {
      if (item.kind === 'match') counts.matched += 1;
      else if (item.kind === 'orphan-object') {
        counts.orphanObjects += 1;
        if (samples.orphans.length < MAX_SAMPLES)
          samples.orphans.push({ key: item.key, size: item.object.size, lastModified: item.object.lastModified.toISOString() });
      } else if (item.role === 'original') {
        originals.push({ key: item.key, imageId: item.imageId });
        if (originals.length >= BATCH) await classify();
      } else {
        counts.missingThumbnails += 1;
        if (samples.missing.length < MAX_SAMPLES) samples.missing.push({ key: item.key, imageId: item.imageId, role: 'thumbnail' });
      }
      if (++seen % 1000 === 0) options.onProgress?.({ prefix, seen });
    }
    await classify();
    prefixes.push(counts);
  }
  const derivedVariants = await countObjects(storage, 'variants/');
  const ok = prefixes.every((p) => p.missingOriginals + p.missingThumbnails + p.orphanObjects === 0);
  const durationMs = Date.now() - startedAt.getTime();
  const checkId = await recordMediaCheck(db, 'verify', startedAt, {
    ok,
    prefixes,
    samples,
    durationMs,
    derivedVariants,
    storage: storage.kind,
    ...options.note,
  });
  return { ok, prefixes, samples, durationMs, checkId, derivedVariants };
}

async function countObjects(storage: StorageDriver, prefix: string) {
  let count = 0;
  for await (const objects of listPages(storage, prefix)) count += objects.length;
  return count;
}
