// A checkout that expired or whose delayed payment failed: the listing goes back to `draft`
// with every image, and can be paid again. Only the listing's open checkout does this: the
// expiry of one it has moved past (cancelled, then checked out again) changes nothing.
import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { listings, paymentEvents } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';

export async function returnToDraft(
  db: Db,
  {
    listingId,
    uploadSessionId,
    checkoutSessionId,
    eventId,
  }: {
    listingId: string;
    uploadSessionId: string;
    checkoutSessionId: string;
    eventId: string;
  },
) {
  return db.transaction(async (tx) => {
    const [listing] = await tx.select().from(listings).where(eq(listings.id, listingId)).for('update');
    if (!listing || listing.uploadSessionId !== uploadSessionId) throw new AppError('bad_request', 'Event names an unknown listing or session');
    // A listing from before checkouts were recorded has no id to compare: its checkout is the one.
    const open = listing.status === 'pending_payment' && (listing.checkoutSessionId === null || listing.checkoutSessionId === checkoutSessionId);
    if (open) {
      await tx.update(listings).set({ status: 'draft', checkoutSessionId: null, checkoutUrl: null, updatedAt: new Date() }).where(eq(listings.id, listingId));
      await enqueueEvent(tx, { userId: listing.userId, type: 'listing.checkout_cancelled', data: { listingId, reason: 'expired' } });
    }
    await tx
      .update(paymentEvents)
      .set({ state: open ? 'done' : 'ignored', listingId, lockedUntil: null, processedAt: new Date() })
      .where(eq(paymentEvents.id, eventId));
    return open;
  });
}
