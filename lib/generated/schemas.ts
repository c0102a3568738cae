import { z } from 'zod';
import { IMAGE_STAGES } from '@/lib/db/schema';
import { text } from '@/lib/http/text';

const METADATA_MAX_BYTES = 16 * 1024;
const METADATA_MAX_DEPTH = 32;

/**
 * Why metadata cannot be stored, or null. Walked with an explicit stack, so a value nested
 * 10,000 deep is refused here instead of overflowing the call stack of JSON.stringify below;
 * jsonb refuses NUL in strings and keys as text does.
 */
function metadataProblem(root: unknown): string | null {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'metadata must not contain the NUL character';
    } else if (value !== null && typeof value === 'object') {
      if (depth > METADATA_MAX_DEPTH) return `metadata must be nested at most ${METADATA_MAX_DEPTH} levels deep`;
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return 'metadata must not contain the NUL character';
        stack.push([child, depth + 1]);
      }
    }
  }
  return Buffer.byteLength(JSON.stringify(root)) <= METADATA_MAX_BYTES ? null : `metadata must be at most ${METADATA_MAX_BYTES} bytes of JSON`;
}

export const generatedImageBody = z.object({
  prompt: text().min(1).max(4000),
  imageData: z.string().min(1),
  metadata: z
    .record(z.string(), z.unknown())
    .optional()
    .check((ctx) => {
      const problem = ctx.value === undefined ? null : metadataProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }),
});

/** All but the image, for a body whose imageData is read in place (parse-generated-body.ts). */
export const generatedImageFields = generatedImageBody.omit({ imageData: true });

export const stageBody = z.object({ stage: z.enum(IMAGE_STAGES) });

export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII');

/** imageData is the base64 text, or its bytes as they lay in the body. */
export type GeneratedImageInput = z.infer<typeof generatedImageFields> & { imageData: string | Buffer };
