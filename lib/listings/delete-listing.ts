// DELETE /api/listings/:id's work: the listing, its images (its own and those still in its
// upload session), the session, and then their objects. A listing whose payment may still
// arrive is refused: the payment would have nowhere to go.
import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, listings, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { deleteObjectsOf } from '@/lib/images/image-queries';
import { findListing, listingImages, type ListingRef } from './listing-queries';

export async function deleteListing(db: Db, storage: StorageDriver, ref: ListingRef) {
  const removed = await db.transaction(async (tx) => {
    // Locked, so a checkout starting at the same moment either sees it gone or is seen here.
    const listing = await findListing(tx, ref, true);
    if (listing.status === 'pending_payment') {
      throw new AppError('conflict', 'This listing is waiting for payment: cancel the checkout first, then delete it');
    }
    const gone = await tx.delete(images).where(listingImages(listing)).returning({ id: images.id, key: images.key, thumbnailKey: images.thumbnailKey });
    await tx.delete(listings).where(eq(listings.id, listing.id));
    if (listing.uploadSessionId) await tx.delete(uploadSessions).where(eq(uploadSessions.id, listing.uploadSessionId));
    return gone;
  });
  await deleteObjectsOf(storage, removed);
}
