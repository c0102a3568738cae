// Listings for direct uploads, scoped to their owner (anyone else's is a 404).
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, listings, type ListingRow } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { toImageDto } from '@/lib/images/image-dto';
import { deleteObjectsOf } from '@/lib/images/image-queries';

type ListingRef = { userId: string; listingId: string };

export function toListingDto(row: ListingRow) {
  const { id, title, status, uploadSessionId, publishedAt, createdAt, updatedAt } = row;
  return { id, title, status, uploadSessionId, publishedAt, createdAt, updatedAt };
}

export async function createListing(db: Db, { userId, title }: { userId: string; title: string }) {
  const [row] = await db.insert(listings).values({ userId, title }).returning();
  return toListingDto(row);
}

async function findListing(db: Db, { userId, listingId }: ListingRef) {
  const [row] = await db.select().from(listings).where(and(eq(listings.id, listingId), eq(listings.userId, userId)));
  if (!row) throw new AppError('not_found', 'Listing not found');
  return row;
}

export async function getListingWithImages(db: Db, storage: StorageDriver, ref: ListingRef) {
  const listing = await findListing(db, ref);
  const rows = await db.select().from(images)
    .where(and(eq(images.listingId, listing.id), eq(images.userId, ref.userId)))
    .orderBy(asc(images.position), asc(images.createdAt), asc(images.id));
  return { ...toListingDto(listing), images: await Promise.all(rows.map((row) => toImageDto(storage, row))) };
}

export async function renameListing(db: Db, ref: ListingRef & { title: string }) {
  const [row] = await db.update(listings).set({ title: ref.title, updatedAt: new Date() })
    .where(and(eq(listings.id, ref.listingId), eq(listings.userId, ref.userId))).returning();
  if (!row) throw new AppError('not_found', 'Listing not found');
  return toListingDto(row);
}

/** The listing, its image rows (one transaction) and then their objects. */
export async function deleteListing(db: Db, storage: StorageDriver, ref: ListingRef) {
  const removed = await db.transaction(async (tx) => {
    const listing = await findListing(tx as unknown as Db, ref);
    const gone = await tx.delete(images).where(eq(images.listingId, listing.id)).returning({ id: images.id, key: images.key, thumbnailKey: images.thumbnailKey });
    await tx.delete(listings).where(eq(listings.id, listing.id));
    return gone;
  });
  await deleteObjectsOf(storage, removed);
}
