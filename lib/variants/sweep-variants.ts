// Clean-up's share of variants/: objects of images that are gone, of presets that no longer
// exist, and of old versions (a preset's settings or an image's focal point changed). Current
// variants stay. Old versions go at once: an instance still on old settings during a deploy
// just renders again. One page of keys at a time, one query per page.
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { images } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { deleteKeys } from '@/lib/storage/delete-keys';
import { listPages } from '@/lib/storage/list-all';
import { focalOf, isPresetName, presetVersion } from './presets';

const KEY = /^variants\/([^/]+)\/([a-z0-9]+)-([0-9a-f]+)\.[a-z]+$/;
const uuid = z.uuid();

export interface VariantSweep {
  found: number;
  deleted: number;
  failed: number;
  errors: string[];
}

export async function sweepVariants(db: Db, storage: StorageDriver, options: { dryRun: boolean; onPage?: (s: VariantSweep) => void }): Promise<VariantSweep> {
  const tally: VariantSweep = { found: 0, deleted: 0, failed: 0, errors: [] };
  for await (const objects of listPages(storage, 'variants/')) {
    const parsed = objects.map((o) => ({ key: o.key, match: KEY.exec(o.key) }));
    const ids = [...new Set(parsed.flatMap((p) => (p.match && uuid.safeParse(p.match[1]).success ? [p.match[1]] : [])))];
    const rows =
      ids.length === 0 ? [] : await db.select({ id: images.id, focalX: images.focalX, focalY: images.focalY }).from(images).where(inArray(images.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const stale = parsed
      .filter(({ match }) => {
        if (!match) return true;
        const [, id, preset, version] = match;
        const row = byId.get(id);
        return !row || !isPresetName(preset) || presetVersion(preset, focalOf(row)) !== version;
      })
      .map((p) => p.key);
    tally.found += stale.length;
    if (!options.dryRun && stale.length > 0) {
      const failed = await deleteKeys(storage, stale);
      tally.deleted += stale.length - failed.size;
      tally.failed += failed.size;
      tally.errors.push(...[...failed].slice(0, 20).map(([k, m]) => `${k}: ${m}`));
    }
    options.onPage?.(tally);
  }
  return tally;
}
