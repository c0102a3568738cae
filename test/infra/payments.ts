// Sends Stripe-format events to the app's webhook, signed as the provider signs them.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { RunningApp } from './app';

// What a Checkout Session says about its payment in each event type (Stripe's values).
const PAYMENT_STATUS: Record<string, string> = {
  'checkout.session.completed': 'paid',
  'checkout.session.async_payment_succeeded': 'paid',
  'checkout.session.async_payment_failed': 'unpaid',
  'checkout.session.expired': 'unpaid',
};

/**
 * A Checkout Session event for a listing. `checkout.checkoutSessionId` (GET /api/listings/:id
 * shows the open one) names the session; `paymentStatus` overrides the type's usual value.
 */
export function checkoutEvent(
  type: string,
  checkout: { listingId: string; uploadSessionId: string; checkoutSessionId?: string | null; paymentStatus?: string },
  id = `evt_${randomBytes(10).toString('hex')}`,
) {
  const { listingId, uploadSessionId } = checkout;
  const paymentStatus = checkout.paymentStatus ?? PAYMENT_STATUS[type];
  const object = {
    id: checkout.checkoutSessionId ?? `cs_${randomBytes(6).toString('hex')}`,
    object: 'checkout.session',
    ...(paymentStatus ? { payment_status: paymentStatus } : {}),
    metadata: { listingId, uploadSessionId },
  };
  return { id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } };
}

export function sign(app: RunningApp, payload: string, timestamp = Math.floor(Date.now() / 1000), secret = app.env.PAYMENT_WEBHOOK_SECRET) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

export async function deliver(app: RunningApp, event: unknown, options: { signature?: string | null; timestamp?: number } = {}) {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const signature = options.signature === undefined ? sign(app, payload, options.timestamp) : options.signature;
  const res = await fetch(`${app.url}/api/webhooks/payment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    body: payload,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
