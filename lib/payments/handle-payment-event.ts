// POST /api/webhooks/payment's work: verify, claim the event id, act on its type.
// Paid (`completed` with payment_status paid, or `async_payment_succeeded`) promotes: any
// payment for the listing, even one for a checkout it has moved past, publishes it once.
// `completed` but unpaid (a delayed method) waits for the async outcome. `expired` and
// `async_payment_failed` send the listing back to draft with every image.
import type { Db } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { checkoutSessionEvent, webhookEvent } from './schemas';
import { claimEvent, failEvent, finishEvent } from './claim-event';
import { verifyWebhook } from './verify-webhook';
import { promoteListing } from './promote-listing';
import { returnToDraft } from './return-to-draft';

/** Verifies and processes one delivery, counting its outcome. */
export async function handlePaymentWebhook(db: Db, storage: StorageDriver, delivery: { rawBody: string; signature: string | null }) {
  try {
    const result = await processWebhook(db, storage, delivery);
    metrics().webhookEvents.inc({ outcome: result.outcome });
    return result;
  } catch (err) {
    metrics().webhookEvents.inc({ outcome: err instanceof AppError && err.code === 'bad_request' ? 'rejected' : 'failed' });
    throw err;
  }
}

type Action = 'promote' | 'wait' | 'to-draft';

/** What an event of a handled type asks for; null for types we ignore. */
function actionOf(type: string, paymentStatus: string | undefined): Action | null {
  switch (type) {
    case 'checkout.session.completed':
      if (paymentStatus === undefined) throw new AppError('bad_request', 'checkout.session.completed without payment_status');
      return paymentStatus === 'unpaid' ? 'wait' : 'promote';
    case 'checkout.session.async_payment_succeeded':
      return 'promote';
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed':
      return 'to-draft';
    default:
      return null;
  }
}

const HANDLED = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.expired',
  'checkout.session.async_payment_failed',
]);

async function processWebhook(db: Db, storage: StorageDriver, { rawBody, signature }: { rawBody: string; signature: string | null }) {
  const verified: unknown = verifyWebhook(rawBody, signature, env().PAYMENT_WEBHOOK_SECRET);
  const envelope = webhookEvent.safeParse(verified);
  if (!envelope.success) throw new AppError('bad_request', 'Webhook body is not an event with id, type and data.object');
  const event = envelope.data;
  if (!HANDLED.has(event.type)) return { received: true, eventId: event.id, outcome: 'ignored' as const };
  const parsed = checkoutSessionEvent.safeParse(verified);
  if (!parsed.success) throw new AppError('bad_request', 'Checkout session event without data.object, its id, or listingId/uploadSessionId metadata');
  const session = parsed.data.data.object;
  const action = actionOf(event.type, session.payment_status)!;
  const { listingId, uploadSessionId } = session.metadata;

  const claim = await claimEvent(db, event);
  if (claim.kind === 'busy') {
    throw new AppError('unavailable', 'This event is still being processed; deliver it again later', { retryAfterSeconds: 30 });
  }
  if (claim.kind === 'finished') {
    // A redelivery after a crash past the commit still finishes the temp sweep.
    if (action === 'promote') await promoteListing(db, storage, { listingId, uploadSessionId, eventId: event.id });
    return { received: true, eventId: event.id, outcome: 'duplicate' as const };
  }
  try {
    if (action === 'promote') {
      await promoteListing(db, storage, { listingId, uploadSessionId, eventId: event.id });
      await finishEvent(db, event.id, 'done', listingId);
    } else if (action === 'to-draft') {
      await returnToDraft(db, { listingId, uploadSessionId, checkoutSessionId: session.id, eventId: event.id });
    } else {
      log.info({ eventId: event.id, listingId }, 'checkout completed unpaid; waiting for the delayed payment');
      await finishEvent(db, event.id, 'done', listingId);
    }
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'bad_request')) log.error({ err, eventId: event.id }, 'payment event failed; the provider will redeliver');
    // Money taken for a listing that is gone (deleted after its checkout was cancelled): say so loudly.
    else if (action === 'promote') log.error({ eventId: event.id, listingId, checkoutSessionId: session.id }, 'payment for an unknown listing; refund it');
    await failEvent(db, event.id, (err as Error).message).catch(() => undefined);
    throw err;
  }
  return { received: true, eventId: event.id, outcome: 'processed' as const };
}
