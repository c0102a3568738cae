import { z } from 'zod';

/** What a user's endpoint can subscribe to; `cleanup.completed` is for admins only. */
export const WEBHOOK_EVENT_TYPES = [
  'image.uploaded',
  'image.deleted',
  'listing.published',
  'listing.checkout_cancelled',
  'generated.created',
  'generated.stage_changed',
  'cleanup.completed',
] as const;
export const ADMIN_EVENT_TYPES: readonly string[] = ['cleanup.completed'];
/** Sent only by "send a test event", to the one endpoint named. */
export const TEST_EVENT_TYPE = 'webhook.test';

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const createEndpointBody = z.object({
  url: z.string().trim().min(1).max(2048),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .transform((events) => [...new Set(events)]),
});

export const endpointParams = z.object({ id: z.uuid() });
export const deliveryParams = z.object({ id: z.uuid() });
export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
