import { z } from 'zod';

export const checkoutBody = z.object({
  uploadSessionId: z.string().min(1).max(100),
  title: z.string().trim().min(1).max(200),
});

export const testCheckoutParams = z.object({ listingId: z.uuid() });
export const testCheckoutBody = z.object({ outcome: z.enum(['paid', 'cancelled']) });

/** The part of a Stripe Checkout Session event we rely on. */
export const checkoutSessionObject = z.object({
  id: z.string(),
  metadata: z.object({ listingId: z.uuid(), uploadSessionId: z.string().min(1) }),
});
