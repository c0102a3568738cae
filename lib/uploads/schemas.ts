import { z } from 'zod';
import { text } from '@/lib/http/text';
import { uploadSessionId } from './session-id';

const target = {
  uploadSessionId: uploadSessionId.optional(),
  listingId: z.uuid().optional(),
};

const oneTarget = (v: { uploadSessionId?: string; listingId?: string }) => Boolean(v.uploadSessionId) !== Boolean(v.listingId);
const oneTargetMessage = { message: 'give exactly one of uploadSessionId or listingId', path: ['uploadSessionId'] };

// Filenames are data only (never part of a key). Control characters cannot be stored (NUL) and
// bidi overrides let `photo\u202Egnp.exe` display as `photoexe.png`, so both are dropped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const UNSAFE_FILENAME_CHARS = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

export const prepareBody = z
  .object({
    ...target,
    files: z
      .array(
        z.object({
          filename: z
            .string()
            .max(255)
            .transform((name) => name.replace(UNSAFE_FILENAME_CHARS, '').trim())
            .pipe(z.string().min(1)),
          size: z.number().int().min(1),
          type: text().min(1).max(100),
        }),
      )
      .min(1)
      .max(10),
  })
  .refine(oneTarget, oneTargetMessage);

export const confirmBody = z.object({ imageIds: z.array(z.uuid()).min(1).max(100) });

export const reorderBody = z
  .object({ ...target, imageIds: z.array(z.uuid()).min(1).max(100) })
  .refine(oneTarget, oneTargetMessage)
  .refine((v) => new Set(v.imageIds).size === v.imageIds.length, { message: 'imageIds must not repeat', path: ['imageIds'] });

export type UploadTargetRef = { uploadSessionId?: string; listingId?: string };
export type PrepareInput = z.infer<typeof prepareBody>;
