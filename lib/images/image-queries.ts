// Single-image verbs, always scoped to the owner: someone else's image is a 404.
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, type ImageRow } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { log } from '@/lib/log';
import { deleteKeys } from '@/lib/storage/delete-keys';
import { signedGet } from './image-dto';
import { objectKeysOf } from './keys';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';
import { imageEventData } from '@/lib/webhooks/event-data';
import { deleteVariantsOf } from '@/lib/variants/delete-variants';

type ImageRef = { userId: string; imageId: string };

export async function findImage(db: Db, { userId, imageId }: ImageRef): Promise<ImageRow> {
  const [row] = await db
    .select()
    .from(images)
    .where(and(eq(images.id, imageId), eq(images.userId, userId)));
  if (!row) throw new AppError('not_found', 'Image not found');
  return row;
}

export async function imageDownloadUrl(db: Db, storage: StorageDriver, ref: ImageRef & { expiresIn: number }) {
  const row = await findImage(db, ref);
  if (row.status !== 'uploaded') throw new AppError('conflict', `Image is ${row.status}, not uploaded`);
  return { downloadUrl: await signedGet(storage, row, ref.expiresIn), expiresIn: ref.expiresIn };
}

/** Caption and/or focal point; a new focal point changes the cropped variants' version, so they render anew. */
export async function updateImage(db: Db, ref: ImageRef & { caption?: string; focalX?: number; focalY?: number }): Promise<ImageRow> {
  const [row] = await db
    .update(images)
    .set({ caption: ref.caption, focalX: ref.focalX, focalY: ref.focalY, updatedAt: new Date() })
    .where(and(eq(images.id, ref.imageId), eq(images.userId, ref.userId)))
    .returning();
  if (!row) throw new AppError('not_found', 'Image not found');
  return row;
}

/** The row goes first (nobody sees a broken image), then its objects; a failed object delete is left to clean-up. */
export async function deleteImage(db: Db, storage: StorageDriver, ref: ImageRef) {
  const row = await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(images)
      .where(and(eq(images.id, ref.imageId), eq(images.userId, ref.userId)))
      .returning();
    if (gone) await enqueueEvent(tx, { userId: ref.userId, type: 'image.deleted', data: imageEventData(gone) });
    return gone;
  });
  if (!row) throw new AppError('not_found', 'Image not found');
  await deleteObjectsOf(storage, [row]);
}

/** Rows given with their `id` lose their variants too (variants/<id>/). */
export async function deleteObjectsOf(storage: StorageDriver, rows: (Pick<ImageRow, 'key' | 'thumbnailKey'> & { id?: string })[]) {
  const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
  const [failed, variantsFailed] = await Promise.all([deleteKeys(storage, rows.flatMap(objectKeysOf)), deleteVariantsOf(storage, ids)]);
  for (const [key, message] of variantsFailed) failed.set(key, message);
  if (failed.size > 0) log.warn({ failed: [...failed].slice(0, 20).map(([key, message]) => ({ key, message })) }, 'objects left for clean-up');
}
