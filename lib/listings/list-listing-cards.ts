// The "My listings" page's read: each listing with a signed URL for its cover thumbnail.
// Signing is computation, not a storage call, so this stays one query however many listings.
import type { Db } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { signedThumbnail } from '@/lib/images/image-dto';
import { listListings } from './list-listings';

export async function listListingCards(db: Db, storage: StorageDriver, { userId }: { userId: string }) {
  const rows = await listListings(db, { userId });
  return Promise.all(
    rows.map(async ({ coverThumbnailKey, ...row }) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      imageCount: row.imageCount,
      createdAt: row.createdAt,
      abandonAt: row.abandonAt,
      coverPlaceholder: row.coverPlaceholder,
      coverUrl: await signedThumbnail(storage, coverThumbnailKey),
    })),
  );
}

export type ListingCard = Awaited<ReturnType<typeof listListingCards>>[number];
