// What the API says about an image. Uploaded images carry signed download URLs, signed in
// the same request (pure computation: no query or storage call per row).
import type { ImageRow } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { contentDisposition } from '@/lib/storage/key';
import { variantSrcset } from '@/lib/variants/variant-urls';

export const VIEW_URL_SECONDS = 3600;

export function signedGet(storage: StorageDriver, row: Pick<ImageRow, 'key' | 'mimeType' | 'originalFilename'>, expiresIn: number) {
  return storage.presignGet({
    key: row.key,
    expiresIn,
    responseContentType: row.mimeType,
    responseContentDisposition: contentDisposition('inline', row.originalFilename ?? undefined),
  });
}

/** A thumbnail's view URL (thumbnails are always WebP), or null when there is none. */
export function signedThumbnail(storage: StorageDriver, thumbnailKey: string | null | undefined) {
  return thumbnailKey ? storage.presignGet({ key: thumbnailKey, expiresIn: VIEW_URL_SECONDS, responseContentType: 'image/webp' }) : null;
}

export async function toImageDto(storage: StorageDriver, row: ImageRow) {
  const ready = row.status === 'uploaded';
  const [url, thumbnailUrl] = ready ? await Promise.all([signedGet(storage, row, VIEW_URL_SECONDS), signedThumbnail(storage, row.thumbnailKey)]) : [null, null];
  return {
    id: row.id,
    userId: row.userId,
    listingId: row.listingId,
    uploadSessionId: row.uploadSessionId,
    key: row.key,
    thumbnailKey: row.thumbnailKey,
    originalFilename: row.originalFilename,
    mimeType: row.mimeType,
    byteSize: row.byteSize,
    width: row.width,
    height: row.height,
    caption: row.caption,
    position: row.position,
    status: row.status,
    error: row.error,
    source: row.source,
    stage: row.stage,
    prompt: row.prompt,
    metadata: row.metadata,
    placeholder: row.placeholder,
    focalX: row.focalX,
    focalY: row.focalY,
    url,
    thumbnailUrl,
    // The owner's variant URLs expire like the other URLs here (lib/variants/variant-urls.ts).
    srcset: ready ? variantSrcset(row, { public: false }) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type ImageDto = Awaited<ReturnType<typeof toImageDto>>;
