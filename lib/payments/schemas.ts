import { z } from 'zod';

// Either an upload session (its draft listing, made now if it has none, takes `title`) or a
// listing already made.
export const checkoutBody = z.union([
  z.object({ uploadSessionId: z.string().min(1).max(100), title: z.string().trim().min(1).max(200) }),
  z.object({ listingId: z.uuid() }),
], { error: 'give uploadSessionId with a title, or listingId' });
export type CheckoutInput = z.infer<typeof checkoutBody>;

export const testCheckoutParams = z.object({ listingId: z.uuid() });
export const testCheckoutBody = z.object({ outcome: z.enum(['paid', 'cancelled']) });

/** Any verified event: what every delivery must carry before its type is even looked at. */
export const paymentEventEnvelope = z.object({ id: z.string().min(1).max(255), type: z.string().min(1).max(255) });

/** The part of a Stripe Checkout Session event we rely on. */
export const checkoutSessionObject = z.object({
  id: z.string().min(1).max(255),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']).optional(),
  metadata: z.object({ listingId: z.uuid(), uploadSessionId: z.string().min(1).max(100) }),
});
export const checkoutSessionEvent = z.object({ data: z.object({ object: checkoutSessionObject }) });
