// Payment arrived: the session's images move from temp/ to listings/<id>/ by server-side copy
// (pinned to the ETag verified at confirm, and the copy's own ETag checked against it, since
// stores such as Ceph RGW ignore CopySourceIfMatch), then rows, listing and event flip in one
// statement, and only after commit do the temp objects go. Target keys are deterministic,
// so a redelivery after a crash anywhere repeats harmless copies and finishes the job.
// Against a real store each request is a round trip: all copies go out at once, the commit
// is one statement (commit-promotion.ts), and the temp keys, known from the rows, go in one delete.
import { and, eq, isNull } from 'drizzle-orm';
import pMap from 'p-map';
import type { Db } from '@/lib/db/client';
import { images, listings, type ImageRow } from '@/lib/db/schema';
import { isStorageError, type StorageDriver } from '@/lib/storage/driver';
import { sameEtag } from '@/lib/storage/same-etag';
import { listAll } from '@/lib/storage/list-all';
import { AppError } from '@/lib/http/errors';
import { failAt } from '@/lib/faults';
import { extensionFor } from '@/lib/images/sniff';
import { deleteObjectsOf } from '@/lib/images/image-queries';
import { thumbnailKeyFor } from '@/lib/images/keys';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { commitPromotion } from './commit-promotion';

// A set holds MAX_IMAGES_PER_SET images (10 by default): 20 copies, all in flight at once.
const COPY_CONCURRENCY = 32;

/** What promotion needs of a waiting image. */
type WaitingImage = Pick<ImageRow, 'id' | 'key' | 'thumbnailKey' | 'etag' | 'mimeType'>;

function permanentKeys(listingId: string, row: Pick<ImageRow, 'id' | 'mimeType'>) {
  const base = `listings/${listingId}/${row.id}`;
  return { key: `${base}.${extensionFor(row.mimeType)}`, thumbnailKey: `${base}.thumb.webp` };
}

export async function promoteListing(
  db: Db,
  storage: StorageDriver,
  { listingId, uploadSessionId, eventId }: { listingId: string; uploadSessionId: string; eventId: string },
) {
  // The listing and its waiting images in one read: each statement is a round trip (on
  // PGlite, a turn of the one thread) on the way to the first copy.
  const found = await db
    .select({
      listing: { status: listings.status, uploadSessionId: listings.uploadSessionId },
      image: { id: images.id, key: images.key, thumbnailKey: images.thumbnailKey, etag: images.etag, mimeType: images.mimeType },
    })
    .from(listings)
    .leftJoin(images, and(eq(images.uploadSessionId, uploadSessionId), isNull(images.listingId), eq(images.status, 'uploaded')))
    .where(eq(listings.id, listingId));
  const listing = found[0]?.listing;
  if (!listing || listing.uploadSessionId !== uploadSessionId) throw new AppError('bad_request', 'Event names an unknown listing or session');
  if (listing.status === 'published') {
    // A redelivery: the rows no longer name their temp keys, so look at what is left there.
    failAt('promote:before-temp-delete');
    await sweepTempArea(db, storage, uploadSessionId);
    return;
  }
  const waiting = found.flatMap((f) => (f.image ? [f.image] : []));
  const moves = await copyAll(storage, listingId, waiting);
  failAt('promote:before-commit');
  const unfinished = await commitPromotion(db, {
    listingId,
    uploadSessionId,
    eventId,
    moves: moves.map((m) => ({ id: m.row.id, key: m.target.key, thumbnailKey: m.target.thumbnailKey, etag: m.etag })),
  });
  const leftBehind = unfinished && [...waiting, ...unfinished];
  failAt('promote:after-commit');
  failAt('promote:before-temp-delete');
  // Another delivery committed first: it deletes the temp objects, we must not guess at them.
  // A thumbnail's key follows from its original's, so one written by a confirm that never
  // finished goes too.
  if (leftBehind)
    await deleteObjectsOf(
      storage,
      leftBehind.map((r) => ({ key: r.key, thumbnailKey: r.thumbnailKey ?? thumbnailKeyFor(r.key) })),
    );
  log.info({ uploadSessionId, listingId, images: moves.length }, 'listing promoted');
}

async function copyAll(storage: StorageDriver, listingId: string, rows: WaitingImage[]) {
  const jobs = rows.map((row) => ({ row, target: permanentKeys(listingId, row) }));
  const tasks = jobs.flatMap((job) => [
    { job, from: job.row.key, to: job.target.key, ifMatch: job.row.etag ?? undefined, main: true },
    ...(job.row.thumbnailKey ? [{ job, from: job.row.thumbnailKey, to: job.target.thumbnailKey, ifMatch: undefined, main: false }] : []),
  ]);
  const etags = new Map<string, string | null>();
  // The first failure stops new copies from starting; the promotion is retried whole.
  await pMap(
    tasks,
    async (task) => {
      const copied = await copyOnce(storage, task);
      // Checked here too, not only in the driver: the head() fallback below, or a driver
      // that trusts a store ignoring CopySourceIfMatch, must not publish other bytes.
      if (task.ifMatch && !sameEtag(copied.etag, task.ifMatch)) await refuseChangedObject(storage, listingId, task, copied.etag);
      if (task.main) etags.set(task.job.row.id, copied.etag);
      failAt('promote:after-copy');
    },
    { concurrency: COPY_CONCURRENCY },
  );
  return jobs.map((job) => ({ ...job, etag: etags.get(job.row.id) ?? job.row.etag }));
}

// A redelivery may find the source gone (an earlier attempt committed and deleted it) while
// the target is already in place: that copy is done. A refused pin is answered the same way:
// a target from an earlier attempt may hold the pinned bytes (then its ETag says so).
async function copyOnce(storage: StorageDriver, task: { from: string; to: string; ifMatch?: string }) {
  try {
    return await storage.copy(task);
  } catch (err) {
    const existing = await storage.head(task.to);
    if (existing) return { etag: existing.etag };
    if (isStorageError(err, 'precondition_failed')) return { etag: null };
    throw err;
  }
}

/**
 * The temp object is no longer what was verified at confirm (overwritten through its upload
 * URL, or behind the app's back): nothing of it is published. Its copy goes; the temp object
 * and the rows stay as they are, so nothing is lost and an operator can look.
 */
async function refuseChangedObject(
  storage: StorageDriver,
  listingId: string,
  task: { job: { row: WaitingImage }; from: string; to: string; ifMatch?: string },
  got: string | null,
): Promise<never> {
  const removed = await storage.deleteMany([task.to]).catch((err: unknown) => ({ deleted: [], failed: [{ key: task.to, message: String(err) }] }));
  metrics().promotionCopyMismatches.inc();
  log.error(
    { listingId, imageId: task.job.row.id, key: task.from, pinnedEtag: task.ifMatch, copiedEtag: got, copyRemoved: removed.failed.length === 0 },
    'promotion refused: an image changed after it was confirmed',
  );
  throw new AppError('conflict', `Image ${task.job.row.id} changed after it was confirmed; the listing is not published`);
}

/** After promotion nothing under temp/<session>/ is referenced any more. */
async function sweepTempArea(db: Db, storage: StorageDriver, uploadSessionId: string) {
  const stillTemp = await db
    .select({ id: images.id })
    .from(images)
    .where(and(eq(images.uploadSessionId, uploadSessionId), isNull(images.listingId)))
    .limit(1);
  if (stillTemp.length > 0) return; // not promoted after all: leave it alone
  // Listed in full first: deleting under a listing that is still being paged is not portable.
  const keys: { key: string; thumbnailKey: null }[] = [];
  for await (const object of listAll(storage, `temp/${uploadSessionId}/`)) keys.push({ key: object.key, thumbnailKey: null });
  if (keys.length > 0) await deleteObjectsOf(storage, keys);
  log.info({ uploadSessionId }, 'temp area swept after promotion');
}
