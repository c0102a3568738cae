// POST /api/images: a service stores a PNG it generated for a user. The PNG is the artifact,
// stored byte for byte; the row and the idempotency answer commit together, and an object
// whose row never committed is removed here or, after a crash, by clean-up as an orphan.
import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { images, type ImageRow } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { failAt } from '@/lib/faults';
import { checkGeneratedPng, thumbnailOfGeneratedPng } from '@/lib/images/process-generated-png';
import { withImageJob } from '@/lib/images/image-jobs';
import { assertWithinQuota } from '@/lib/usage/assert-within-quota';
import { thumbnailKeyFor } from '@/lib/images/keys';
import { signedGet, signedThumbnail, toImageDto, VIEW_URL_SECONDS } from '@/lib/images/image-dto';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';
import { imageEventData } from '@/lib/webhooks/event-data';
import { variantSrcset } from '@/lib/variants/variant-urls';
import { decodeImageData } from './decode-image-data';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type StoredAnswer } from './idempotency';
import type { GeneratedImageInput } from './schemas';

interface CreateInput {
  userId: string;
  input: GeneratedImageInput;
  idempotency: { key: string; requestHash: string } | null;
}

export async function createGeneratedImage(db: Db, storage: StorageDriver, { userId, input, idempotency }: CreateInput): Promise<StoredAnswer> {
  const ref = idempotency ? { userId, key: idempotency.key } : null;
  if (ref && idempotency) {
    const replay = await claimIdempotencyKey(db, ref, idempotency.requestHash);
    if (replay) return { ...replay, body: await withFreshUrls(storage, replay.body) };
  }
  try {
    return await store(db, storage, userId, input, ref);
  } catch (err) {
    if (ref) await releaseIdempotencyKey(db, ref).catch(() => undefined);
    throw err;
  }
}

async function store(
  db: Db,
  storage: StorageDriver,
  userId: string,
  input: GeneratedImageInput,
  ref: { userId: string; key: string } | null,
): Promise<StoredAnswer> {
  const { GENERATED_MAX_BYTES, MAX_IMAGE_PIXELS } = env();
  const bytes = decodeImageData(input.imageData, GENERATED_MAX_BYTES);
  const { prompt, metadata } = input;
  const checked = await checkGeneratedPng(bytes, { maxPixels: MAX_IMAGE_PIXELS });
  if (!checked.ok) throw refusal(checked);
  const id = randomUUID();
  const key = `users/${userId}/${Date.now()}-${randomUUID()}.png`;
  const thumbnailKey = thumbnailKeyFor(key);
  // The thumbnail is made (on libvips' threads) while the quota is read; nothing is stored
  // before the quota says yes (read without a lock: concurrent posts may overshoot by one image each).
  const thumbnailing = withImageJob(userId, () => thumbnailOfGeneratedPng(bytes, { maxPixels: MAX_IMAGE_PIXELS }));
  thumbnailing.catch(() => {}); // awaited below, unless the quota refuses first
  await assertWithinQuota(db, { userId, addBytes: bytes.byteLength });
  // The PNG is stored as sent, so its put runs while the thumbnail is finished.
  const putOriginal = storage.put({ key, body: bytes, contentType: 'image/png' });
  putOriginal.catch(() => {}); // awaited below; a failure then takes the usual path
  try {
    const processed = await thumbnailing;
    if (!processed.ok) throw refusal(processed);
    const [put] = await Promise.all([putOriginal, storage.put({ key: thumbnailKey, body: processed.thumbnail, contentType: 'image/webp' })]);
    failAt('generated:after-put');
    const values = {
      id,
      userId,
      key,
      thumbnailKey,
      mimeType: 'image/png',
      byteSize: bytes.byteLength,
      width: checked.width,
      height: checked.height,
      status: 'uploaded' as const,
      source: 'generated' as const,
      stage: 'generated' as const,
      prompt,
      metadata: metadata ?? null,
      placeholder: processed.placeholder,
      thumbnailByteSize: processed.thumbnail.byteLength,
      etag: put.etag,
      confirmedAt: new Date(),
    };
    const row = await db.transaction(async (tx) => {
      const [inserted] = await tx.insert(images).values(values).returning();
      if (ref) await completeIdempotencyKey(tx, ref, { status: 201, body: await storedBody(storage, inserted) });
      await enqueueEvent(tx, { userId, type: 'generated.created', data: imageEventData(inserted) });
      return inserted;
    });
    metrics().generatedStored.inc();
    return { status: 201, body: await toImageDto(storage, row), replayed: false };
  } catch (err) {
    // Never an object without a row: take it back (clean-up removes it if this fails too).
    await putOriginal.catch(() => undefined);
    await storage.deleteMany([key, thumbnailKey]).catch((cause) => log.warn({ err: cause, key }, 'orphan left for clean-up'));
    throw err;
  }
}

function refusal({ code, reason }: { code: 'unsupported_media_type' | 'bad_request'; reason: string }) {
  return new AppError(code, code === 'unsupported_media_type' ? 'imageData must be a PNG image' : `imageData is not a usable PNG: ${reason}`);
}

// The stored answer is the first one without its signed URLs, which would expire long
// before the key does; a replay signs them afresh.
async function storedBody(storage: StorageDriver, row: ImageRow) {
  const { url: _url, thumbnailUrl: _thumbnailUrl, srcset: _srcset, ...rest } = await toImageDto(storage, row);
  return JSON.parse(JSON.stringify(rest)) as unknown;
}

async function withFreshUrls(storage: StorageDriver, body: unknown) {
  const stored = body as {
    id?: string;
    key?: string;
    thumbnailKey?: string | null;
    mimeType?: string;
    originalFilename?: string | null;
    status?: string;
    width?: number | null;
    height?: number | null;
  } | null;
  if (!stored?.key || !stored.id || stored.status !== 'uploaded') return body;
  return {
    ...stored,
    srcset: variantSrcset({ id: stored.id, width: stored.width ?? null, height: stored.height ?? null, focalX: null, focalY: null }, { public: false }),
    url: await signedGet(
      storage,
      { key: stored.key, mimeType: stored.mimeType ?? 'image/png', originalFilename: stored.originalFilename ?? null },
      VIEW_URL_SECONDS,
    ),
    thumbnailUrl: await signedThumbnail(storage, stored.thumbnailKey),
  };
}
