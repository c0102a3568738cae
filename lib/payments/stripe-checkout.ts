// The two calls made to Stripe (only with STRIPE_SECRET_KEY). Kept small and typed: tests
// cannot reach Stripe's servers, so everything around them is what the tests exercise.
import Stripe from 'stripe';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { linkOrigin, selfOrigin } from '@/lib/origin/request-origin';
import { LISTING_PRICE_CENTS } from './checkout-mode';

const client = () => new Stripe(env().STRIPE_SECRET_KEY!);

export async function createStripeCheckout({ listingId, uploadSessionId, title }: { listingId: string; uploadSessionId: string; title: string }) {
  // Stripe sends the person back here, so it must be absolute.
  const APP_URL = linkOrigin() ?? selfOrigin();
  const metadata = { listingId, uploadSessionId };
  const session = await client().checkout.sessions.create({
    mode: 'payment',
    line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: LISTING_PRICE_CENTS, product_data: { name: `Listing: ${title}` } } }],
    metadata,
    payment_intent_data: { metadata },
    success_url: `${APP_URL}/listings/${listingId}?paid=1`,
    cancel_url: `${APP_URL}/listings/${listingId}`,
  });
  if (!session.url) throw new AppError('unavailable', 'Stripe opened a checkout without a URL; try again');
  return { id: session.id, url: session.url };
}

/**
 * Makes a Checkout Session unpayable. Already expired is fine; complete means the customer
 * paid or a delayed payment is under way, so the checkout can no longer be cancelled.
 */
export async function expireStripeCheckout(checkoutSessionId: string) {
  const stripe = client();
  try {
    await stripe.checkout.sessions.expire(checkoutSessionId);
  } catch (err) {
    const session = await stripe.checkout.sessions.retrieve(checkoutSessionId).catch(() => null);
    if (session?.status === 'expired') return;
    if (session?.status === 'complete')
      throw new AppError('conflict', 'The payment for this checkout is already being processed; it can no longer be cancelled');
    throw new AppError('unavailable', `Stripe did not cancel the checkout: ${(err as Error).message}`);
  }
}
