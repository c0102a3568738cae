// The local stand-in for a payment provider (only without STRIPE_SECRET_KEY): it sends a
// correctly signed Stripe-format event to our own webhook over HTTP, as the provider would.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { listings } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { selfOrigin } from '@/lib/origin/request-origin';
import { signWebhook } from './verify-webhook';
import { LISTING_PRICE_CENTS } from './start-checkout';

export async function findTestCheckout(db: Db, { userId, listingId }: { userId: string; listingId: string }) {
  if (env().STRIPE_SECRET_KEY) throw new AppError('not_found', 'Test checkout is off while Stripe is configured');
  const [listing] = await db.select().from(listings).where(and(eq(listings.id, listingId), eq(listings.userId, userId)));
  if (!listing?.uploadSessionId) throw new AppError('not_found', 'Checkout not found');
  return { ...listing, uploadSessionId: listing.uploadSessionId, priceCents: LISTING_PRICE_CENTS };
}

export async function completeTestCheckout(db: Db, { userId, listingId, outcome }: { userId: string; listingId: string; outcome: 'paid' | 'cancelled' }) {
  const listing = await findTestCheckout(db, { userId, listingId });
  if (listing.status !== 'pending_payment') throw new AppError('conflict', `This checkout is already ${listing.status}`);
  const type = outcome === 'paid' ? 'checkout.session.completed' : 'checkout.session.expired';
  const payload = JSON.stringify({
    id: `evt_test_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_test_${listing.id.replace(/-/g, '')}`,
        object: 'checkout.session',
        amount_total: LISTING_PRICE_CENTS,
        currency: 'usd',
        payment_status: outcome === 'paid' ? 'paid' : 'unpaid',
        status: outcome === 'paid' ? 'complete' : 'expired',
        metadata: { listingId: listing.id, uploadSessionId: listing.uploadSessionId },
      },
    },
  });
  const { PAYMENT_WEBHOOK_SECRET } = env();
  // Sent to this server's own webhook route, exactly as the provider would.
  const res = await fetch(`${selfOrigin()}/api/webhooks/payment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signWebhook(payload, PAYMENT_WEBHOOK_SECRET) },
    body: payload,
  });
  if (!res.ok) throw new AppError('unavailable', `The webhook answered ${res.status}; try again`);
  return { redirectUrl: `/listings/${listing.id}` };
}
