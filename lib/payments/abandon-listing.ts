// Checkout expired: the listing is abandoned and its session released for clean-up, unless
// the customer paid in the meantime (a completed event always wins).
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { listings, paymentEvents, uploadSessions } from '@/lib/db/schema';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';

export async function abandonListing(db: Db, { listingId, uploadSessionId, eventId }: { listingId: string; uploadSessionId: string; eventId: string }) {
  await db.transaction(async (tx) => {
    const [listing] = await tx.select().from(listings).where(eq(listings.id, listingId)).for('update');
    if (listing?.status === 'pending_payment') {
      await tx.update(listings).set({ status: 'abandoned', updatedAt: new Date() }).where(eq(listings.id, listingId));
      await tx.update(uploadSessions).set({ releasedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(uploadSessions.id, uploadSessionId), eq(uploadSessions.listingId, listingId)));
      await enqueueEvent(tx, { userId: listing.userId, type: 'listing.checkout_cancelled', data: { listingId, reason: 'expired' } });
    }
    await tx.update(paymentEvents).set({ state: 'done', listingId, lockedUntil: null, processedAt: new Date() }).where(eq(paymentEvents.id, eventId));
  });
}
