// Validates every file before creating anything, then creates `uploading` rows and returns
// presigned PUTs bound to each file's type and exact length.
import { and, count, eq, max, ne } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { metrics } from '@/lib/metrics/metrics';
import { ALLOWED_UPLOAD_TYPES } from '@/lib/images/sniff';
import { assertWithinQuota } from '@/lib/usage/assert-within-quota';
import { newObjectKey } from './new-object-key';
import { lockUploadTarget, targetImages } from './upload-target';
import type { PrepareInput } from './schemas';

function checkFiles(files: PrepareInput['files']) {
  const { UPLOAD_MAX_BYTES } = env();
  const unsupported = files.filter((f) => !(ALLOWED_UPLOAD_TYPES as readonly string[]).includes(f.type.toLowerCase()));
  if (unsupported.length > 0) {
    throw new AppError('unsupported_media_type', `Only JPEG, PNG, GIF, WebP and HEIC images can be uploaded`, {
      files: unsupported.map((f) => ({ filename: f.filename, type: f.type })),
    });
  }
  const tooLarge = files.filter((f) => f.size > UPLOAD_MAX_BYTES);
  if (tooLarge.length > 0) {
    throw new AppError('payload_too_large', `Each image must be at most ${UPLOAD_MAX_BYTES} bytes`, {
      files: tooLarge.map((f) => ({ filename: f.filename, size: f.size })),
      maxBytes: UPLOAD_MAX_BYTES,
    });
  }
}

export async function prepareUploads(db: Db, storage: StorageDriver, { userId, input }: { userId: string; input: PrepareInput }) {
  checkFiles(input.files);
  const { MAX_IMAGES_PER_SET, UPLOAD_URL_TTL_SECONDS, TEMP_MAX_AGE_HOURS } = env();
  const rows = await db.transaction(async (tx) => {
    const target = await lockUploadTarget(tx, userId, input, 'upload');
    await assertWithinQuota(tx, { userId, addBytes: input.files.reduce((sum, f) => sum + f.size, 0), lock: true });
    const [{ existing, lastPosition }] = await tx
      .select({ existing: count(), lastPosition: max(images.position) })
      .from(images)
      .where(and(targetImages(target), ne(images.status, 'error')));
    if (existing + input.files.length > MAX_IMAGES_PER_SET) {
      throw new AppError('conflict', `A listing holds at most ${MAX_IMAGES_PER_SET} images (${existing} already, ${input.files.length} more asked)`, {
        existing,
        requested: input.files.length,
        max: MAX_IMAGES_PER_SET,
      });
    }
    if (target.kind === 'session') {
      // Activity keeps an upload session alive.
      await tx
        .update(uploadSessions)
        .set({ expiresAt: new Date(Date.now() + TEMP_MAX_AGE_HOURS * 3600_000), updatedAt: new Date() })
        .where(eq(uploadSessions.id, target.id));
    }
    const start = (lastPosition ?? -1) + 1;
    return tx
      .insert(images)
      .values(
        input.files.map((file, i) => ({
          userId,
          listingId: target.listingId,
          uploadSessionId: target.uploadSessionId,
          key: newObjectKey(target.keyPrefix, file.type),
          originalFilename: file.filename,
          mimeType: file.type.toLowerCase(),
          byteSize: file.size,
          position: start + i,
          status: 'uploading' as const,
          source: 'upload' as const,
        })),
      )
      .returning();
  });
  const uploads = await Promise.all(
    rows.map(async (row) => {
      const put = await storage.presignPut({ key: row.key, contentType: row.mimeType, contentLength: row.byteSize, expiresIn: UPLOAD_URL_TTL_SECONDS });
      return { imageId: row.id, uploadUrl: put.url, method: put.method, headers: put.headers, key: row.key, expiresIn: put.expiresIn };
    }),
  );
  metrics().uploadsPrepared.inc(uploads.length);
  return { uploads };
}
