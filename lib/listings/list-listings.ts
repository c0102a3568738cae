import { and, count, desc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, listings } from '@/lib/db/schema';
import { toListingDto } from './listing-queries';

// The first uploaded image in gallery order; `column` picks which of its fields.
const cover = (column: typeof images.id | typeof images.thumbnailKey | typeof images.placeholder) =>
  sql<string | null>`(array_agg(${column} order by ${images.position}, ${images.createdAt}) filter (where ${images.status} = 'uploaded'))[1]`;

/** The caller's listings, newest first, with their image count and cover image (one query). */
export async function listListings(db: Db, { userId }: { userId: string }) {
  const rows = await db
    .select({
      listing: listings,
      imageCount: count(images.id),
      coverImageId: cover(images.id),
      coverThumbnailKey: cover(images.thumbnailKey),
      coverPlaceholder: cover(images.placeholder),
    })
    .from(listings)
    .leftJoin(images, and(
      // A listing awaiting payment still has its images in its upload session.
      or(eq(images.listingId, listings.id), and(isNull(images.listingId), eq(images.uploadSessionId, listings.uploadSessionId))),
      ne(images.status, 'error'),
    ))
    .where(eq(listings.userId, userId))
    .groupBy(listings.id)
    .orderBy(desc(listings.createdAt));
  return rows.map((r) => ({
    ...toListingDto(r.listing),
    imageCount: r.imageCount,
    coverImageId: r.coverImageId,
    coverThumbnailKey: r.coverThumbnailKey,
    coverPlaceholder: r.coverPlaceholder,
  }));
}
