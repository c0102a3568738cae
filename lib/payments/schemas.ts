import { z } from 'zod';
import { text } from '@/lib/http/text';
import { uploadSessionId } from '@/lib/uploads/session-id';

// Either an upload session (its draft listing, made now if it has none, takes `title`) or a
// listing already made.
export const checkoutBody = z.union([z.object({ uploadSessionId, title: text().trim().min(1).max(200) }), z.object({ listingId: z.uuid() })], {
  error: 'give uploadSessionId with a title, or listingId',
});
export type CheckoutInput = z.infer<typeof checkoutBody>;

export const testCheckoutParams = z.object({ listingId: z.uuid() });
export const testCheckoutBody = z.object({ outcome: z.enum(['paid', 'cancelled']) });

/** The part of a Stripe Checkout Session event we rely on. */
const checkoutSessionObject = z.object({
  id: text().min(1).max(255),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']).optional(),
  metadata: z.object({ listingId: z.uuid(), uploadSessionId }),
});

/** What every event must carry before its type is even looked at. */
export const webhookEvent = z.object({
  id: text().min(1).max(255),
  type: text().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export const checkoutSessionEvent = z.object({ data: z.object({ object: checkoutSessionObject }) });
