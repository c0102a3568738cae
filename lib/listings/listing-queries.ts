// Listings, scoped to their owner (anyone else's is a 404). A draft or a listing awaiting
// payment keeps its images in its upload session's temp area (listing_id still null) until
// promotion moves them under listings/<id>/; every read here looks in both places.
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/lib/db/client';
import { images, listings, uploadSessions, type ListingRow } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { toImageDto } from '@/lib/images/image-dto';
import { absoluteLink } from '@/lib/origin/request-origin';
import { abandonAt, sessionActivity } from './draft-activity';

export type ListingRef = { userId: string; listingId: string };

export function toListingDto(row: ListingRow, lastActivity?: Date | null) {
  const { id, title, status, uploadSessionId, publishedAt, createdAt, updatedAt } = row;
  const pending = status === 'pending_payment';
  return {
    id,
    title,
    status,
    uploadSessionId,
    publishedAt,
    createdAt,
    updatedAt,
    // The open checkout, to continue paying (null unless awaiting payment).
    checkoutSessionId: pending ? row.checkoutSessionId : null,
    checkoutUrl: pending && row.checkoutUrl ? absoluteLink(row.checkoutUrl) : null,
    // When clean-up abandons the draft if nobody changes it before then (drafts only).
    abandonAt: status === 'draft' ? abandonAt(lastActivity ?? updatedAt) : null,
  };
}

/** The images that belong to a listing: its own, and those still in its upload session. */
export const listingImages = (listing: Pick<ListingRow, 'id' | 'uploadSessionId'>) =>
  or(
    eq(images.listingId, listing.id),
    listing.uploadSessionId ? and(isNull(images.listingId), eq(images.uploadSessionId, listing.uploadSessionId)) : undefined,
  )!;

export async function findListing(db: Db | Tx, { userId, listingId }: ListingRef, lock = false) {
  const query = db
    .select()
    .from(listings)
    .where(and(eq(listings.id, listingId), eq(listings.userId, userId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('not_found', 'Listing not found');
  return row;
}

/** Last change of a listing: its row, its session's, its session images'. */
async function lastActivityOf(db: Db | Tx, listing: ListingRow) {
  if (!listing.uploadSessionId) return listing.updatedAt;
  const [row] = await db
    .select({ at: sql<Date | string | null>`${sessionActivity(sql`${listing.uploadSessionId}`)}` })
    .from(uploadSessions)
    .where(eq(uploadSessions.id, listing.uploadSessionId));
  return row?.at ? new Date(row.at) : listing.updatedAt;
}

export async function getListingWithImages(db: Db, storage: StorageDriver, ref: ListingRef) {
  const listing = await findListing(db, ref);
  const [rows, lastActivity] = await Promise.all([
    db
      .select()
      .from(images)
      .where(and(listingImages(listing), eq(images.userId, ref.userId)))
      .orderBy(asc(images.position), asc(images.createdAt), asc(images.id)),
    lastActivityOf(db, listing),
  ]);
  return { ...toListingDto(listing, lastActivity), images: await Promise.all(rows.map((row) => toImageDto(storage, row))) };
}

/** A draft may stay untitled while it is written; anything further along needs its title. */
export async function renameListing(db: Db, ref: ListingRef & { title: string }) {
  return db.transaction(async (tx) => {
    const listing = await findListing(tx, ref, true);
    if (ref.title === '' && listing.status !== 'draft') throw new AppError('bad_request', 'A listing past its draft needs a title');
    const [row] = await tx.update(listings).set({ title: ref.title, updatedAt: new Date() }).where(eq(listings.id, listing.id)).returning();
    return toListingDto(row);
  });
}
