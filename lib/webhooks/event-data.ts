// The `data` of image events: what a receiver needs to find the image again through the
// API (GET /api/images/:id), never a signed URL that would expire in its log.
import type { ImageRow } from '@/lib/db/schema';

export function imageEventData(row: ImageRow) {
  return {
    imageId: row.id,
    source: row.source,
    listingId: row.listingId,
    uploadSessionId: row.uploadSessionId,
    filename: row.originalFilename,
    mimeType: row.mimeType,
    byteSize: row.byteSize,
    width: row.width,
    height: row.height,
    ...(row.source === 'generated' ? { stage: row.stage, prompt: row.prompt, metadata: row.metadata } : {}),
  };
}
