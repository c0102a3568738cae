// POST /api/webhooks/payment's work: verify, claim the event id, act on its type.
import type { Db } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { checkoutSessionObject } from './schemas';
import { claimEvent, failEvent, finishEvent } from './claim-event';
import { verifyWebhook } from './verify-webhook';
import { promoteListing } from './promote-listing';
import { abandonListing } from './abandon-listing';

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

const HANDLED = new Set(['checkout.session.completed', 'checkout.session.expired']);

async function processWebhook(db: Db, storage: StorageDriver, { rawBody, signature }: { rawBody: string; signature: string | null }) {
  const event = verifyWebhook(rawBody, signature, env().PAYMENT_WEBHOOK_SECRET);
  if (!HANDLED.has(event.type)) return { received: true, eventId: event.id, outcome: 'ignored' as const };
  const parsed = checkoutSessionObject.safeParse(event.data.object);
  if (!parsed.success) throw new AppError('bad_request', 'Checkout session event without listingId/uploadSessionId metadata');
  const { listingId, uploadSessionId } = parsed.data.metadata;

  const claim = await claimEvent(db, event);
  if (claim.kind === 'busy') {
    throw new AppError('unavailable', 'This event is still being processed; deliver it again later', undefined, { 'retry-after': '30' });
  }
  if (claim.kind === 'finished') {
    // A redelivery after a crash past the commit still finishes the temp sweep.
    if (event.type === 'checkout.session.completed') await promoteListing(db, storage, { listingId, uploadSessionId, eventId: event.id });
    return { received: true, eventId: event.id, outcome: 'duplicate' as const };
  }
  try {
    if (event.type === 'checkout.session.completed') await promoteListing(db, storage, { listingId, uploadSessionId, eventId: event.id });
    else await abandonListing(db, { listingId, uploadSessionId, eventId: event.id });
    await finishEvent(db, event.id, 'done', listingId);
  } catch (err) {
    log.error({ err, eventId: event.id }, 'payment event failed; the provider will redeliver');
    await failEvent(db, event.id, (err as Error).message).catch(() => undefined);
    throw err;
  }
  return { received: true, eventId: event.id, outcome: 'processed' as const };
}
