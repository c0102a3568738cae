// The one clean-up engine behind cron, the API and the CLI. One run at a time across all
// instances; every run, dry or live, skipped or failed, is recorded with its counts.
import { Semaphore } from 'async-mutex';
import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DatabaseHandle, Db } from '@/lib/db/client';
import { cleanupRuns, images, listings, mediaChecks, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { MEDIA_PREFIXES, reconcile } from '@/lib/media/reconcile';
import { IMAGE_SESSION, SESSION_ID, abandonStaleDrafts, findRowCandidates, payableSession, staleDraft, type Scope } from './candidates';
import { draftMaxAgeMs } from '@/lib/listings/draft-activity';
import { deleteKeys } from '@/lib/storage/delete-keys';
import { objectTime, removeObjectsOf, removeOrphans, takeRows, type BatchOutcome } from './remove-batches';
import { failAt } from '@/lib/faults';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';
import { sweepVariants } from '@/lib/variants/sweep-variants';

const CLEANUP_LOCK_KEY = 7_311_042_002;
// 1,000 rows: their keys fill whole storage calls (1,000 keys each, 2 with thumbnails), so
// deleting N keys takes ⌈N / 1,000⌉ calls rather than twice that for rows without thumbnails.
const ROW_BATCH = 1000;
const FIND_PAGE = 10 * ROW_BATCH;
const KEY_BATCH = 1000;
const STORAGE_CALLS_IN_FLIGHT = 4;

type CleanupAction = 'cleanup-old' | 'delete-session' | 'delete-all';
export interface CleanupOptions {
  trigger: 'cron' | 'api' | 'cli' | 'admin';
  action: CleanupAction;
  dryRun: boolean;
  hoursOld?: number;
  uploadSessionId?: string;
  onProgress?: (progress: { found: number; deleted: number; failed: number }) => void;
}
export interface CleanupSummary {
  runId: string;
  found: number;
  deleted: number;
  failed: number;
  dryRun: boolean;
}

export async function runCleanup(handle: DatabaseHandle, storage: StorageDriver, options: CleanupOptions): Promise<CleanupSummary> {
  const { db } = handle;
  const started = Date.now();
  const [run] = await db
    .insert(cleanupRuns)
    .values({ trigger: options.trigger, action: options.action, dryRun: options.dryRun, status: 'running' })
    .returning({ id: cleanupRuns.id });
  const tally = { found: 0, deleted: 0, failed: 0, errors: [] as string[] };
  const finish = (status: 'done' | 'failed' | 'skipped') =>
    db.transaction(async (tx) => {
      await tx
        .update(cleanupRuns)
        .set({
          status,
          found: tally.found,
          deleted: tally.deleted,
          failed: tally.failed,
          errors: tally.errors.slice(0, 50),
          finishedAt: new Date(),
          durationMs: Date.now() - started,
        })
        .where(eq(cleanupRuns.id, run.id));
      if (status === 'done')
        await enqueueEvent(tx, {
          userId: null,
          type: 'cleanup.completed',
          data: {
            runId: run.id,
            trigger: options.trigger,
            action: options.action,
            dryRun: options.dryRun,
            found: tally.found,
            deleted: tally.deleted,
            failed: tally.failed,
          },
        });
    });
  try {
    const locked = await handle.withExclusiveLock(CLEANUP_LOCK_KEY, () => sweep(db, storage, options, tally));
    if (!locked.acquired) {
      await finish('skipped');
      throw new AppError('conflict', 'Another clean-up is running; try again when it has finished', { runId: run.id });
    }
    await finish('done');
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'conflict')) {
      tally.errors.push((err as Error).message);
      await finish('failed').catch(() => undefined);
      log.error({ err, runId: run.id }, 'clean-up failed');
    }
    throw err;
  }
  return { runId: run.id, found: tally.found, deleted: tally.deleted, failed: tally.failed, dryRun: options.dryRun };
}

type Tally = { found: number; deleted: number; failed: number; errors: string[] };

async function sweep(db: Db, storage: StorageDriver, options: CleanupOptions, tally: Tally) {
  const { scope, prefixes, olderThan } = await scopeOf(db, options);
  const report = (outcome: BatchOutcome) => {
    metrics().cleanupDeleted.inc(outcome.deleted);
    metrics().cleanupFailed.inc(outcome.failed);
    tally.deleted += outcome.deleted;
    tally.failed += outcome.failed;
    tally.errors.push(...outcome.errors);
    options.onProgress?.(tally);
  };
  // A draft untouched for DRAFT_MAX_AGE_DAYS is abandoned first; its images then go below.
  if (scope.kind === 'stale' && !options.dryRun) {
    const abandoned = await abandonStaleDrafts(db, scope.draftOlderThan);
    if (abandoned > 0) log.info({ abandoned }, 'stale drafts abandoned');
  }
  const counted = new Set<string>();
  // Batches' objects are deleted while the next batches are found and taken: the database and
  // the storage work side by side, a few storage calls at once (stores serve them in parallel).
  // Finding waits for a free slot; the first removal error stops finding and is the one thrown.
  const slots = new Semaphore(STORAGE_CALLS_IN_FLIGHT);
  const removals: Promise<void>[] = [];
  let removalError: { err: unknown } | null = null;
  const settle = async () => {
    await Promise.all(removals);
    if (removalError) throw removalError.err;
  };
  try {
    for (let afterId: string | undefined; ; ) {
      // Later pages hold many batches: each find re-plans and re-runs the whole condition, a
      // cost per statement rather than per row. The first holds one, so deleting starts soon.
      const page = await findRowCandidates(db, scope, afterId === undefined ? ROW_BATCH : FIND_PAGE, afterId);
      if (page.length === 0) break;
      afterId = page[page.length - 1];
      for (let start = 0; start < page.length && !removalError; start += ROW_BATCH) {
        const rows = page.slice(start, start + ROW_BATCH);
        tally.found += rows.length;
        if (options.dryRun) {
          for (const id of rows) counted.add(id);
        } else {
          const taken = await takeRows(db, scope, rows);
          failAt('cleanup:after-claim');
          const [, release] = await slots.acquire();
          if (removalError) {
            release();
            break;
          }
          removals.push(
            removeObjectsOf(db, storage, taken)
              .then(report, (err: unknown) => {
                removalError ??= { err };
              })
              .finally(release),
          );
        }
        options.onProgress?.(tally);
      }
      if (removalError) break;
    }
  } catch (err) {
    // The first error is the one to report; the removals under way still finish and count.
    await Promise.all(removals);
    throw err;
  }
  await settle();
  const paused = await referencesPurged(db);
  if (paused) tally.errors.push('orphan sweep of listings/ and users/ paused: image references were purged and not yet restored');
  for (const prefix of prefixes.filter((p) => !(paused && p !== 'temp/'))) {
    let orphans: string[] = [];
    let missing: string[] = [];
    const flush = async () => {
      const [o, m] = [orphans, missing.filter((id) => !counted.has(id))];
      orphans = [];
      missing = [];
      tally.found += o.length;
      if (!options.dryRun) report(await removeOrphans(db, storage, o));
      if (m.length > 0) await removeMissing(db, storage, m, olderThan, options.dryRun, tally, report);
    };
    for await (const item of reconcile(db, storage, prefix)) {
      if (item.kind === 'orphan-object' && (!olderThan || objectTime(item.key, item.object.lastModified) < olderThan)) orphans.push(item.key);
      if (item.kind === 'missing-object' && item.role === 'original') missing.push(item.imageId);
      if (orphans.length >= KEY_BATCH || missing.length >= ROW_BATCH) await flush();
    }
    await flush();
  }
  // Variants are derived: those of gone images and old versions go (never while references are purged).
  if (scope.kind === 'stale' && !paused) {
    const variants = await sweepVariants(db, storage, { dryRun: options.dryRun });
    tally.found += variants.found;
    if (!options.dryRun) report(variants);
  }
}

// After `media purge` every stored object looks like an orphan; they are kept for the
// restore, so clean-up leaves permanent prefixes alone until one has run.
async function referencesPurged(db: Db) {
  const [last] = await db
    .select({ kind: mediaChecks.kind })
    .from(mediaChecks)
    .where(inArray(mediaChecks.kind, ['purge', 'restore']))
    .orderBy(desc(mediaChecks.startedAt))
    .limit(1);
  return last?.kind === 'purge';
}

async function scopeOf(db: Db, options: CleanupOptions): Promise<{ scope: Scope; prefixes: string[]; olderThan: Date | null }> {
  const draftOlderThan = new Date(Date.now() - draftMaxAgeMs());
  if (options.action === 'delete-session') {
    const [session] = await db
      .select({
        id: uploadSessions.id,
        payable: payableSession(SESSION_ID),
        youngDraft: sql<boolean>`exists (select 1 from listings l where l.id = "upload_sessions"."listing_id" and l.status = 'draft' and not (${staleDraft(draftOlderThan)}))`,
      })
      .from(uploadSessions)
      .where(eq(uploadSessions.id, options.uploadSessionId!));
    if (!session) throw new AppError('not_found', 'Upload session not found');
    if (session.payable) throw new AppError('conflict', 'This session is bound to a checkout that can still be paid');
    if (session.youngDraft)
      throw new AppError('conflict', 'This session holds a draft listing changed within DRAFT_MAX_AGE_DAYS; its owner can delete the draft');
    return { scope: { kind: 'session', uploadSessionId: session.id, draftOlderThan }, prefixes: [`temp/${session.id}/`], olderThan: null };
  }
  if (options.action === 'delete-all') return { scope: { kind: 'all-temp', draftOlderThan }, prefixes: ['temp/'], olderThan: null };
  const hours = options.hoursOld ?? env().TEMP_MAX_AGE_HOURS;
  const olderThan = new Date(Date.now() - hours * 3600_000);
  const uploadingOlderThan = new Date(Date.now() - env().UPLOADING_MAX_AGE_HOURS * 3600_000);
  return { scope: { kind: 'stale', olderThan, uploadingOlderThan, draftOlderThan }, prefixes: [...MEDIA_PREFIXES], olderThan };
}

// Rows whose original is gone: uploaded ones, and failed ones past the threshold, outside
// published listings and payable sessions. (Rows still `uploading` are expected to lack it.)
async function removeMissing(
  db: Db,
  storage: StorageDriver,
  ids: string[],
  olderThan: Date | null,
  dryRun: boolean,
  tally: Tally,
  report: (o: BatchOutcome) => void,
) {
  const condition = and(
    inArray(images.id, ids),
    or(eq(images.status, 'uploaded'), and(eq(images.status, 'error'), olderThan ? lt(images.updatedAt, olderThan) : undefined)),
    sql`not ${payableSession(IMAGE_SESSION)}`,
    or(isNull(images.listingId), sql`not exists (select 1 from ${listings} l where l.id = ${images.listingId} and l.status = 'published')`),
  );
  if (dryRun) {
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(images).where(condition);
    tally.found += n;
    return;
  }
  const gone = await db.delete(images).where(condition).returning({ thumbnailKey: images.thumbnailKey });
  tally.found += gone.length;
  const failed = await deleteKeys(
    storage,
    gone.flatMap((r) => (r.thumbnailKey ? [r.thumbnailKey] : [])),
  );
  report({ deleted: gone.length, failed: 0, errors: [...failed].map(([k, m]) => `${k}: ${m}`) });
}
