import { z } from 'zod';
import { text } from '@/lib/http/text';

export const checkoutBody = z.object({
  uploadSessionId: text().min(1).max(100),
  title: text().trim().min(1).max(200),
});

export const testCheckoutParams = z.object({ listingId: z.uuid() });
export const testCheckoutBody = z.object({ outcome: z.enum(['paid', 'cancelled']) });

/** The part of a Stripe Checkout Session event we rely on. */
export const checkoutSessionObject = z.object({
  id: text().min(1).max(255),
  metadata: z.object({ listingId: z.uuid(), uploadSessionId: text().min(1).max(100) }),
});

/** What every event must carry before its type is even looked at. */
export const webhookEvent = z.object({
  id: text().min(1).max(255),
  type: text().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
