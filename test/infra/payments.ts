// Sends Stripe-format events to the app's webhook, signed as the provider signs them.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { RunningApp } from './app';

export function checkoutEvent(type: string, metadata: { listingId: string; uploadSessionId: string }, id = `evt_${randomBytes(10).toString('hex')}`) {
  return { id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object: { id: `cs_${randomBytes(6).toString('hex')}`, object: 'checkout.session', metadata } } };
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
