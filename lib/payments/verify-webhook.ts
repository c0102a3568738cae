// Stripe-format signature check on the raw body: 5-minute tolerance both ways (Stripe's own
// check accepts any future timestamp), several v1= signatures accepted during secret rotation.
import Stripe from 'stripe';
import { AppError } from '@/lib/http/errors';
import { webhookEvent } from './schemas';

const WEBHOOK_TOLERANCE_SECONDS = 300;

export function verifyWebhook(rawBody: string, signatureHeader: string | null, secret: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  if (!signatureHeader) throw new AppError('bad_request', 'Missing Stripe-Signature header');
  // stripe-node reads the last t=, the guard below would read one: with several they could
  // differ (a future one checked here, a fresh one signed), so more than one is refused.
  const timestamps = signatureHeader.split(',').filter((part) => /^\s*t=/.test(part));
  if (timestamps.length > 1) throw new AppError('bad_request', 'Stripe-Signature header has more than one timestamp');
  const timestamp = Number(timestamps[0]?.match(/^\s*t=(\d+)\s*$/)?.[1]);
  if (!Number.isFinite(timestamp)) throw new AppError('bad_request', 'Malformed Stripe-Signature header');
  if (timestamp - nowSeconds > WEBHOOK_TOLERANCE_SECONDS) throw new AppError('bad_request', 'Webhook timestamp is in the future');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (err) {
    throw new AppError('bad_request', `Webhook rejected: ${(err as Error).message.split('\n')[0]}`);
  }
  // Signed is not well-formed: `null`, or an event without its id or data, is refused here.
  if (!webhookEvent.safeParse(event).success) throw new AppError('bad_request', 'Webhook body is not an event with id, type and data.object');
  return event;
}

/** Signs a payload exactly as the provider does (the local test checkout and the tests use it). */
export function signWebhook(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
