// The /listings/[id] page's read: one of the caller's listings with its gallery, or null
// (a malformed id, a missing listing and someone else's all look the same: not found).
import type { Db } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { listImages } from '@/lib/images/list-images';
import { toGalleryImage } from '@/lib/images/gallery-image';
import { getListingWithImages } from './listing-queries';
import { listingParams } from './schemas';

export async function getListingPage(db: Db, storage: StorageDriver, { userId, listingId }: { userId: string; listingId: string }) {
  if (!listingParams.safeParse({ id: listingId }).success) return null;
  const listing = await getListingWithImages(db, storage, { userId, listingId }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  });
  if (!listing) return null;
  const { images, ...rest } = listing;
  // Until its payment arrives, a checked-out listing's images still live in its upload session.
  if (listing.status === 'pending_payment' && images.length === 0 && listing.uploadSessionId) {
    const { items } = await listImages(db, storage, { userId, query: { uploadSessionId: listing.uploadSessionId, limit: 100 } });
    return { listing: rest, target: { uploadSessionId: listing.uploadSessionId }, images: items.map(toGalleryImage) };
  }
  return { listing: rest, target: { listingId: listing.id }, images: images.map(toGalleryImage) };
}
