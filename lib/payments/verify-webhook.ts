// Stripe-format signature check on the raw body: 5-minute tolerance both ways (Stripe's own
// check accepts any future timestamp), several v1= signatures accepted during secret rotation.
import Stripe from 'stripe';
import { AppError } from '@/lib/http/errors';

export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function verifyWebhook(rawBody: string, signatureHeader: string | null, secret: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  if (!signatureHeader) throw new AppError('bad_request', 'Missing Stripe-Signature header');
  const timestamp = Number(signatureHeader.match(/(?:^|,)\s*t=(\d+)/)?.[1]);
  if (!Number.isFinite(timestamp)) throw new AppError('bad_request', 'Malformed Stripe-Signature header');
  if (timestamp - nowSeconds > WEBHOOK_TOLERANCE_SECONDS) throw new AppError('bad_request', 'Webhook timestamp is in the future');
  try {
    return Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (err) {
    throw new AppError('bad_request', `Webhook rejected: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Signs a payload exactly as the provider does (the local test checkout and the tests use it). */
export function signWebhook(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}
