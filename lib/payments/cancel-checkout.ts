// POST /api/listings/:id/cancel-checkout's work (and the test checkout's "Cancel"): the open
// checkout is made unpayable at the provider first, then the listing goes back to `draft`
// with every image, ready to be paid again. A payment that still arrives for the cancelled
// checkout publishes the listing (promotion accepts any payment for it).
import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { listings, uploadSessions } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { enqueueEvent } from '@/lib/webhooks/enqueue-event';
import type { StorageDriver } from '@/lib/storage/driver';
import { findListing, getListingWithImages, type ListingRef } from '@/lib/listings/listing-queries';
import { LOCAL_CHECKOUT_PREFIX, checkoutMode } from './checkout-mode';
import { expireStripeCheckout } from './stripe-checkout';

/** Returns the listing as GET /api/listings/:id shows it, images included. */
export async function cancelCheckout(db: Db, storage: StorageDriver, ref: ListingRef) {
  const listing = await findListing(db, ref);
  if (listing.status !== 'pending_payment') throw new AppError('conflict', `This listing has no open checkout (it is ${listing.status.replace('_', ' ')})`);
  if (checkoutMode() === 'stripe' && listing.checkoutSessionId && !listing.checkoutSessionId.startsWith(LOCAL_CHECKOUT_PREFIX)) {
    await expireStripeCheckout(listing.checkoutSessionId);
  }
  await db.transaction(async (tx) => {
    if (listing.uploadSessionId)
      await tx.select({ id: uploadSessions.id }).from(uploadSessions).where(eq(uploadSessions.id, listing.uploadSessionId)).for('update');
    const locked = await findListing(tx, ref, true);
    // Paid, or checked out anew, while the provider was asked: that outcome stands.
    if (locked.status !== 'pending_payment' || locked.checkoutSessionId !== listing.checkoutSessionId) {
      throw new AppError('conflict', `This checkout was closed meanwhile (the listing is ${locked.status.replace('_', ' ')})`);
    }
    await tx.update(listings).set({ status: 'draft', checkoutSessionId: null, checkoutUrl: null, updatedAt: new Date() }).where(eq(listings.id, locked.id));
    await enqueueEvent(tx, { userId: locked.userId, type: 'listing.checkout_cancelled', data: { listingId: locked.id, reason: 'cancelled' } });
  });
  return getListingWithImages(db, storage, ref);
}
