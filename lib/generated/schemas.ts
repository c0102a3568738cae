import { z } from 'zod';
import { IMAGE_STAGES } from '@/lib/db/schema';

const METADATA_MAX_BYTES = 16 * 1024;

export const generatedImageBody = z.object({
  prompt: z.string().min(1).max(4000),
  imageData: z.string().min(1),
  metadata: z.record(z.string(), z.unknown()).optional()
    .refine((m) => m === undefined || Buffer.byteLength(JSON.stringify(m)) <= METADATA_MAX_BYTES, { message: `metadata must be at most ${METADATA_MAX_BYTES} bytes of JSON` }),
});

/** All but the image, for a body whose imageData is read in place (parse-generated-body.ts). */
export const generatedImageFields = generatedImageBody.omit({ imageData: true });

export const stageBody = z.object({ stage: z.enum(IMAGE_STAGES) });

export const idempotencyKeyHeader = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII');

/** imageData is the base64 text, or its bytes as they lay in the body. */
export type GeneratedImageInput = z.infer<typeof generatedImageFields> & { imageData: string | Buffer };
