// The local stand-in for a payment provider (no STRIPE_SECRET_KEY; embedded mode or
// ALLOW_TEST_CHECKOUT=true only). "Pay" sends a correctly signed Stripe-format event to our
// own webhook over HTTP, as the provider would; "Cancel" cancels the checkout.
import { randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { selfOrigin } from '@/lib/origin/request-origin';
import { findListing } from '@/lib/listings/listing-queries';
import { signWebhook } from './verify-webhook';
import { LISTING_PRICE_CENTS, checkoutMode } from './checkout-mode';
import { cancelCheckout } from './cancel-checkout';

export async function findTestCheckout(db: Db, { userId, listingId }: { userId: string; listingId: string }) {
  if (checkoutMode() !== 'test') throw new AppError('not_found', 'The test checkout is off in this deployment');
  const listing = await findListing(db, { userId, listingId }).catch(() => null);
  if (!listing?.uploadSessionId) throw new AppError('not_found', 'Checkout not found');
  return { ...listing, uploadSessionId: listing.uploadSessionId, priceCents: LISTING_PRICE_CENTS };
}

export async function completeTestCheckout(
  db: Db,
  storage: StorageDriver,
  { userId, listingId, outcome }: { userId: string; listingId: string; outcome: 'paid' | 'cancelled' },
) {
  const listing = await findTestCheckout(db, { userId, listingId });
  if (listing.status !== 'pending_payment')
    throw new AppError('conflict', `This checkout is already closed (the listing is ${listing.status.replace('_', ' ')})`);
  if (outcome === 'cancelled') {
    await cancelCheckout(db, storage, { userId, listingId });
    return { redirectUrl: `/listings/${listing.id}` };
  }
  const payload = JSON.stringify({
    id: `evt_test_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: listing.checkoutSessionId,
        object: 'checkout.session',
        amount_total: LISTING_PRICE_CENTS,
        currency: 'usd',
        payment_status: 'paid',
        status: 'complete',
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
