import { z } from 'zod';
import { uploadSessionId } from '@/lib/uploads/session-id';

export const cleanupBody = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('cleanup-old'),
      hoursOld: z
        .number()
        .min(0)
        .max(24 * 365)
        .optional(),
      dryRun: z.boolean().optional(),
    }),
    z.object({ action: z.literal('delete-session'), uploadSessionId, dryRun: z.boolean().optional() }),
    z.object({
      action: z.literal('delete-all'),
      confirm: z.literal('delete-all-temp-images', { error: 'confirm must be "delete-all-temp-images"' }),
      dryRun: z.boolean().optional(),
    }),
    z.object({ action: z.literal('list') }),
  ],
  { error: 'action must be one of cleanup-old, delete-session, delete-all, list' },
);

export type CleanupRequest = z.infer<typeof cleanupBody>;

export const cronQuery = z.object({ dryRun: z.enum(['true', 'false', '1', '0']).optional() });
