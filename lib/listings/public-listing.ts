// A published listing as anyone may see it. Anything not published is a 404, whatever it is.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, listings } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { signedThumbnail, VIEW_URL_SECONDS } from '@/lib/images/image-dto';
import { ogImage, variantSrcset } from '@/lib/variants/variant-urls';

export async function getPublicListing(db: Db, storage: StorageDriver, { listingId }: { listingId: string }) {
  const [listing] = await db
    .select()
    .from(listings)
    .where(and(eq(listings.id, listingId), eq(listings.status, 'published')));
  if (!listing) throw new AppError('not_found', 'Listing not found');
  const rows = await db
    .select()
    .from(images)
    .where(and(eq(images.listingId, listing.id), eq(images.status, 'uploaded')))
    .orderBy(asc(images.position), asc(images.createdAt), asc(images.id));
  return {
    id: listing.id,
    title: listing.title,
    publishedAt: listing.publishedAt,
    /** The first image's `og` crop, for link previews (app/p/[id]). */
    ogImage: rows[0] ? ogImage(rows[0]) : null,
    images: await Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        // No response-content-disposition: the uploader's filename is the owner's data, never public.
        url: await storage.presignGet({ key: row.key, expiresIn: VIEW_URL_SECONDS, responseContentType: row.mimeType }),
        thumbnailUrl: await signedThumbnail(storage, row.thumbnailKey),
        // Published: variant URLs that never expire, cacheable for a year.
        srcset: variantSrcset(row, { public: true }),
        placeholder: row.placeholder,
        width: row.width,
        height: row.height,
        caption: row.caption,
      })),
    ),
  };
}

export type PublicListing = Awaited<ReturnType<typeof getPublicListing>>;
