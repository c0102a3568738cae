// Proves what arrived before anyone sees it: the object exists with the declared size, its
// bytes are a real image of an allowed type, and what is served carries no metadata and lives
// at a key of the app's own that no upload URL can write.
// Each row is claimed first, so two confirms of one image never process it twice.
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import pMap from 'p-map';
import type { Db } from '@/lib/db/client';
import { images, type ImageRow } from '@/lib/db/schema';
import { isStorageError, type StorageDriver } from '@/lib/storage/driver';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { processImage, type ProcessedImage } from '@/lib/images/process-image';
import { withImageJob } from '@/lib/images/image-jobs';
import { ALLOWED_UPLOAD_TYPES } from '@/lib/images/sniff';
import { thumbnailKeyFor } from '@/lib/images/keys';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';
import { imageEventData } from '@/lib/webhooks/event-data';
import { newObjectKey, prefixOf } from './new-object-key';

const CLAIM_SECONDS = 120;
const WAIT_FOR_OTHER_CONFIRM_MS = 20_000;

export interface ConfirmResult {
  imageId: string;
  status: ImageRow['status'] | 'not_found';
  width: number | null;
  height: number | null;
  error?: string;
}

function resultOf(row: ImageRow): ConfirmResult {
  return { imageId: row.id, status: row.status, width: row.width, height: row.height, ...(row.error ? { error: row.error } : {}) };
}

export async function confirmUploads(db: Db, storage: StorageDriver, { userId, imageIds }: { userId: string; imageIds: string[] }) {
  const ids = [...new Set(imageIds)];
  const claimed = await db
    .update(images)
    .set({ claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
    .where(
      and(
        inArray(images.id, ids),
        eq(images.userId, userId),
        eq(images.status, 'uploading'),
        or(isNull(images.claimedUntil), lt(images.claimedUntil, sql`now()`)),
      ),
    )
    .returning();
  const finished = new Map<string, ConfirmResult>();
  await pMap(
    claimed,
    async (row) => {
      const result = resultOf(await confirmOne(db, storage, row));
      if (result.status === 'uploaded') metrics().uploadsConfirmed.inc();
      if (result.status === 'error') metrics().uploadsFailed.inc();
      finished.set(row.id, result);
    },
    { concurrency: 3 },
  );
  const others = ids.filter((id) => !finished.has(id));
  for (const row of await waitForSettled(db, userId, others)) finished.set(row.id, resultOf(row));
  const results = ids.map((id) => finished.get(id) ?? { imageId: id, status: 'not_found' as const, width: null, height: null, error: 'Image not found' });
  return { results, updatedCount: claimed.length, totalRequested: imageIds.length };
}

async function confirmOne(db: Db, storage: StorageDriver, row: ImageRow): Promise<ImageRow> {
  const uploadKey = row.key;
  const processed = await readAndProcess(storage, row);
  if (!processed.ok) return fail(db, storage, row, processed.reason);

  // What is served lives at a fresh key named for what the bytes really are (a JPEG sent as
  // .png, a HEIC converted): the upload URL stays valid for its hour and writes only the
  // upload key, which goes once the row points elsewhere.
  const servedKey = newObjectKey(prefixOf(uploadKey), processed.mimeType);
  const thumbnailKey = thumbnailKeyFor(servedKey);
  const [servedPut] = await Promise.all([
    storage.put({ key: servedKey, body: processed.served, contentType: processed.mimeType }),
    storage.put({ key: thumbnailKey, body: processed.thumbnail, contentType: 'image/webp' }),
  ]);
  // The event is written in the same transaction as the row it reports (outbound webhooks).
  const [updated] = await db.transaction(async (tx) => {
    const rows = await tx
      .update(images)
      .set({
        key: servedKey,
        status: 'uploaded',
        error: null,
        mimeType: processed.mimeType,
        byteSize: processed.served.byteLength,
        thumbnailKey,
        thumbnailByteSize: processed.thumbnail.byteLength,
        width: processed.width,
        height: processed.height,
        placeholder: processed.placeholder,
        // Promotion pins its copy to this: the bytes this confirm wrote and checked.
        etag: servedPut.etag,
        confirmedAt: new Date(),
        claimedUntil: null,
        updatedAt: new Date(),
      })
      .where(and(eq(images.id, row.id), eq(images.key, uploadKey), eq(images.status, 'uploading')))
      .returning();
    if (rows[0]) await enqueueEvent(tx, { userId: row.userId, type: 'image.uploaded', data: imageEventData(rows[0]) });
    return rows;
  });
  // Either way one pair of objects has no row now; if a delete fails, clean-up finds the orphan.
  const unused = updated ? [uploadKey] : [servedKey, thumbnailKey];
  await storage.deleteMany(unused).catch((err: Error) => log.warn({ err, keys: unused }, 'orphan left for clean-up'));
  return updated ?? (await reread(db, row));
}

// The uploaded bytes stay in this scope only: they can be collected while the results are written.
// They are read once the image job has its turn, so ten confirms waiting for the two slots
// hold no uploads in memory, only the ones being worked on.
function readAndProcess(storage: StorageDriver, row: ImageRow): Promise<ProcessedImage> {
  const { MAX_IMAGE_PIXELS, MAX_ANIMATION_FRAMES } = env();
  return withImageJob(row.userId, async () => {
    // One request, no HEAD first: at most one byte more than declared tells a bigger object
    // apart without reading it, and the size checked is that of the very bytes processed.
    let bytes: Buffer;
    try {
      bytes = await storage.readRange(row.key, row.byteSize + 1);
    } catch (err) {
      if (isStorageError(err, 'not_found')) return { ok: false, reason: 'The upload never arrived' };
      throw err;
    }
    if (bytes.byteLength !== row.byteSize) {
      return { ok: false, reason: `Expected ${row.byteSize} bytes, storage has ${bytes.byteLength > row.byteSize ? 'more' : bytes.byteLength}` };
    }
    return processImage(bytes, { maxPixels: MAX_IMAGE_PIXELS, maxFrames: MAX_ANIMATION_FRAMES, allowed: ALLOWED_UPLOAD_TYPES });
  });
}

// The row keeps its verdict but stops naming the upload key: a PUT to the still-valid URL
// then makes an orphan that clean-up removes, never an object a row vouches for.
async function fail(db: Db, storage: StorageDriver, row: ImageRow, reason: string): Promise<ImageRow> {
  const [updated] = await db
    .update(images)
    .set({ status: 'error', error: reason, key: newObjectKey(prefixOf(row.key), row.mimeType), claimedUntil: null, updatedAt: new Date() })
    .where(and(eq(images.id, row.id), eq(images.key, row.key), eq(images.status, 'uploading')))
    .returning();
  if (!updated) return reread(db, row);
  // The bad object goes; if that fails, clean-up removes it later as an orphan.
  const removed = await storage.deleteMany([row.key]).catch((err: Error) => ({ deleted: [], failed: [{ key: row.key, message: err.message }] }));
  if (removed.failed.length > 0) log.warn({ key: row.key, failed: removed.failed }, 'could not delete a rejected upload');
  return updated;
}

async function reread(db: Db, row: ImageRow) {
  const [current] = await db.select().from(images).where(eq(images.id, row.id));
  return current ?? row;
}

// Images another confirm is processing right now: wait for its verdict instead of redoing it.
async function waitForSettled(db: Db, userId: string, ids: string[]): Promise<ImageRow[]> {
  if (ids.length === 0) return [];
  const deadline = Date.now() + WAIT_FOR_OTHER_CONFIRM_MS;
  for (;;) {
    const rows = await db
      .select()
      .from(images)
      .where(and(inArray(images.id, ids), eq(images.userId, userId)));
    const pending = rows.some((r) => r.status === 'uploading' && r.claimedUntil && r.claimedUntil > new Date());
    if (!pending || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 150));
  }
}
