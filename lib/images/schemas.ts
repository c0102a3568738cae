import { z } from 'zod';
import { IMAGE_SOURCES, IMAGE_STAGES, IMAGE_STATUSES } from '@/lib/db/schema';
import { text } from '@/lib/http/text';
import { uploadSessionId } from '@/lib/uploads/session-id';

export const imageParams = z.object({ id: z.uuid() });

export const listImagesQuery = z.object({
  listingId: z.uuid().optional(),
  uploadSessionId: uploadSessionId.optional(),
  source: z.enum(IMAGE_SOURCES).optional(),
  status: z.enum(IMAGE_STATUSES).optional(),
  stage: z.enum(IMAGE_STAGES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const downloadUrlQuery = z.object({
  expiresIn: z.coerce.number().int().min(1).max(604_800).default(3600),
});

const unit = z.number().min(0).max(1);
// The focal point (0–1 from the left and top) comes as a pair: half a point means nothing.
export const updateImageBody = z
  .object({ caption: text().max(500).optional(), focalX: unit.optional(), focalY: unit.optional() })
  .refine((b) => (b.focalX === undefined) === (b.focalY === undefined), { message: 'focalX and focalY come together', path: ['focalX'] })
  .refine((b) => b.caption !== undefined || b.focalX !== undefined, { message: 'nothing to change: give caption or focalX and focalY' });

export type ListImagesQuery = z.infer<typeof listImagesQuery>;

/** Query-string values into an object zod can check (repeated keys keep the last). */
export function searchParamsOf(request: Request) {
  return Object.fromEntries(new URL(request.url).searchParams);
}
