import { z } from 'zod';

const target = {
  uploadSessionId: z.string().regex(/^sess_\d{13}_[a-f0-9]{16,32}$/, 'expected an upload session id').optional(),
  listingId: z.uuid().optional(),
};

const oneTarget = (v: { uploadSessionId?: string; listingId?: string }) => Boolean(v.uploadSessionId) !== Boolean(v.listingId);
const oneTargetMessage = { message: 'give exactly one of uploadSessionId or listingId', path: ['uploadSessionId'] };

export const prepareBody = z.object({
  ...target,
  files: z.array(z.object({
    filename: z.string().min(1).max(255),
    size: z.number().int().min(1),
    type: z.string().min(1).max(100),
  })).min(1).max(10),
}).refine(oneTarget, oneTargetMessage);

export const confirmBody = z.object({ imageIds: z.array(z.uuid()).min(1).max(100) });

export const reorderBody = z.object({ ...target, imageIds: z.array(z.uuid()).min(1).max(100) })
  .refine(oneTarget, oneTargetMessage)
  .refine((v) => new Set(v.imageIds).size === v.imageIds.length, { message: 'imageIds must not repeat', path: ['imageIds'] });

export type UploadTargetRef = { uploadSessionId?: string; listingId?: string };
export type PrepareInput = z.infer<typeof prepareBody>;
