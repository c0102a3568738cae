// Proves what arrived before anyone sees it: the object exists with the declared size, its
// bytes are a real image of an allowed type, and what is served carries no metadata.
// Each row is claimed first, so two confirms of one image never process it twice.
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, type ImageRow } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { processImage } from '@/lib/images/process-image';
import { withImageJob } from '@/lib/images/image-jobs';
import { ALLOWED_UPLOAD_TYPES, extensionFor } from '@/lib/images/sniff';
import { thumbnailKeyFor } from '@/lib/images/keys';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';
import { imageEventData } from '@/lib/webhooks/event-data';

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
  const claimed = await db.update(images)
    .set({ claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
    .where(and(
      inArray(images.id, ids), eq(images.userId, userId), eq(images.status, 'uploading'),
      or(isNull(images.claimedUntil), lt(images.claimedUntil, sql`now()`)),
    ))
    .returning();
  const finished = new Map<string, ConfirmResult>();
  await runLimited(claimed, 3, async (row) => {
    const result = resultOf(await confirmOne(db, storage, row));
    if (result.status === 'uploaded') metrics().uploadsConfirmed.inc();
    if (result.status === 'error') metrics().uploadsFailed.inc();
    finished.set(row.id, result);
  });
  const others = ids.filter((id) => !finished.has(id));
  for (const row of await waitForSettled(db, userId, others)) finished.set(row.id, resultOf(row));
  const results = ids.map((id) => finished.get(id) ?? { imageId: id, status: 'not_found' as const, width: null, height: null, error: 'Image not found' });
  return { results, updatedCount: claimed.length, totalRequested: imageIds.length };
}

async function confirmOne(db: Db, storage: StorageDriver, row: ImageRow): Promise<ImageRow> {
  const { MAX_IMAGE_PIXELS } = env();
  const head = await storage.head(row.key);
  if (!head) return fail(db, storage, row, 'The upload never arrived');
  if (head.size !== row.byteSize) return fail(db, storage, row, `Expected ${row.byteSize} bytes, storage has ${head.size}`);
  const bytes = await storage.read(row.key);
  const processed = await withImageJob(() => processImage(bytes, { maxPixels: MAX_IMAGE_PIXELS, allowed: ALLOWED_UPLOAD_TYPES }));
  if (!processed.ok) return fail(db, storage, row, processed.reason);

  // A converted HEIC is a JPEG now: its key says so, and the HEIC original goes after the update.
  const servedKey = processed.mimeType === row.mimeType ? row.key : row.key.replace(/\.[a-z0-9]+$/, `.${extensionFor(processed.mimeType)}`);
  const thumbnailKey = thumbnailKeyFor(row.key);
  const [servedPut] = await Promise.all([
    processed.served ? storage.put({ key: servedKey, body: processed.served, contentType: processed.mimeType }) : null,
    storage.put({ key: thumbnailKey, body: processed.thumbnail, contentType: 'image/webp' }),
  ]);
  const [updated] = await db.transaction(async (tx) => {
    const rows = await tx.update(images).set({
    key: servedKey,
    status: 'uploaded',
    error: null,
    mimeType: processed.mimeType,
    byteSize: processed.served ? processed.served.byteLength : row.byteSize,
    width: processed.width,
    height: processed.height,
    thumbnailKey,
    placeholder: processed.placeholder,
    etag: servedPut ? servedPut.etag : head.etag,
    confirmedAt: new Date(),
    claimedUntil: null,
    updatedAt: new Date(),
  }).where(and(eq(images.id, row.id), eq(images.status, 'uploading'))).returning();
    if (rows[0]) await enqueueEvent(tx, { userId: row.userId, type: 'image.uploaded', data: imageEventData(rows[0]) });
    return rows;
  });
  if (updated && servedKey !== row.key) await storage.deleteMany([row.key]).catch(() => undefined); // else clean-up finds the orphan
  return updated ?? (await reread(db, row));
}

async function fail(db: Db, storage: StorageDriver, row: ImageRow, reason: string): Promise<ImageRow> {
  const [updated] = await db.update(images)
    .set({ status: 'error', error: reason, claimedUntil: null, updatedAt: new Date() })
    .where(and(eq(images.id, row.id), eq(images.status, 'uploading')))
    .returning();
  if (!updated) return reread(db, row);
  // The bad object goes; if that fails, clean-up removes it later (the row says error).
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
    const rows = await db.select().from(images).where(and(inArray(images.id, ids), eq(images.userId, userId)));
    const pending = rows.some((r) => r.status === 'uploading' && r.claimedUntil && r.claimedUntil > new Date());
    if (!pending || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function runLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}
