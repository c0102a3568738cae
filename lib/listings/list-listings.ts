import { and, count, desc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, listings } from '@/lib/db/schema';
import { toListingDto } from './listing-queries';
import { sessionActivity } from './draft-activity';

// The first uploaded image in gallery order; `column` picks which of its fields.
const cover = (column: typeof images.id | typeof images.thumbnailKey | typeof images.placeholder) =>
  sql<string | null>`(array_agg(${column} order by ${images.position}, ${images.createdAt}) filter (where ${images.status} = 'uploaded'))[1]`;

// Unfinished work first: drafts, then listings awaiting payment, then the rest.
const statusOrder = sql`case ${listings.status} when 'draft' then 0 when 'pending_payment' then 1 when 'published' then 2 else 3 end`;
// Fully qualified: drizzle renders a bare column name inside a select list.
const lastActivity = sql<Date | string | null>`coalesce(${sessionActivity(sql.raw('"listings"."upload_session_id"'))}, "listings"."updated_at")`;

/** The caller's listings, drafts first, with their image count and cover image (one query). */
export async function listListings(db: Db, { userId }: { userId: string }) {
  const rows = await db
    .select({
      listing: listings,
      imageCount: count(images.id),
      coverImageId: cover(images.id),
      coverThumbnailKey: cover(images.thumbnailKey),
      coverPlaceholder: cover(images.placeholder),
      lastActivity,
    })
    .from(listings)
    .leftJoin(
      images,
      and(
        // A draft or a listing awaiting payment still has its images in its upload session.
        or(eq(images.listingId, listings.id), and(isNull(images.listingId), eq(images.uploadSessionId, listings.uploadSessionId))),
        ne(images.status, 'error'),
      ),
    )
    .where(eq(listings.userId, userId))
    .groupBy(listings.id)
    .orderBy(statusOrder, desc(listings.createdAt), desc(listings.id));
  return rows.map((r) => ({
    ...toListingDto(r.listing, r.lastActivity ? new Date(r.lastActivity) : null),
    imageCount: r.imageCount,
    coverImageId: r.coverImageId,
    coverThumbnailKey: r.coverThumbnailKey,
    coverPlaceholder: r.coverPlaceholder,
  }));
}
