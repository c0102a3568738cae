// The /listings/[id] page's read: one of the caller's listings with its gallery, or null
// (a malformed id, a missing listing and someone else's all look the same: not found).
// A draft and a listing awaiting payment keep their images in their upload session, so the
// gallery works there; a published listing's gallery is the listing itself.
import type { Db } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
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
  const inSession = listing.status !== 'published' && listing.uploadSessionId;
  return {
    listing: rest,
    target: inSession ? { uploadSessionId: listing.uploadSessionId! } : { listingId: listing.id },
    images: images.map(toGalleryImage),
  };
}
