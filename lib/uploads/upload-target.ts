// Where images go: an upload session (temp area) or a listing. Resolved for its owner only;
// anybody else's is a 404. Locked FOR UPDATE inside a transaction so counts and positions
// are decided one request at a time.
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '@/lib/db/types';
import { images, listings, uploadSessions } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import type { UploadTargetRef } from './schemas';

export type UploadTarget =
  | { kind: 'session'; id: string; keyPrefix: string; listingId: null; uploadSessionId: string }
  | { kind: 'listing'; id: string; keyPrefix: string; listingId: string; uploadSessionId: null };

export async function lockUploadTarget(tx: Executor, userId: string, ref: UploadTargetRef, purpose: 'upload' | 'arrange'): Promise<UploadTarget> {
  if (ref.uploadSessionId) {
    const [session] = await tx
      .select()
      .from(uploadSessions)
      .where(and(eq(uploadSessions.id, ref.uploadSessionId), eq(uploadSessions.userId, userId)))
      .for('update');
    if (!session) throw new AppError('not_found', 'Upload session not found');
    if (purpose === 'upload' && (session.promotedAt || session.releasedAt)) {
      throw new AppError('conflict', 'This upload session is already checked out; add images to its listing instead');
    }
    // A session belongs to its draft listing: it takes uploads while the listing is a draft.
    if (purpose === 'upload' && session.listingId) {
      const [owner] = await tx.select({ status: listings.status }).from(listings).where(eq(listings.id, session.listingId)).for('update');
      if (owner?.status === 'pending_payment') throw new AppError('conflict', 'This listing is waiting for payment; cancel the checkout to add images');
      if (owner && owner.status !== 'draft') throw new AppError('conflict', `This listing is ${owner.status}; its upload session takes no more images`);
    }
    return { kind: 'session', id: session.id, keyPrefix: `temp/${session.id}/`, listingId: null, uploadSessionId: session.id };
  }
  const [listing] = await tx
    .select()
    .from(listings)
    .where(and(eq(listings.id, ref.listingId!), eq(listings.userId, userId)))
    .for('update');
  if (!listing) throw new AppError('not_found', 'Listing not found');
  if (purpose === 'upload' && listing.status === 'pending_payment') {
    throw new AppError('conflict', 'This listing is waiting for payment; images can be added once it is paid');
  }
  return { kind: 'listing', id: listing.id, keyPrefix: `listings/${listing.id}/`, listingId: listing.id, uploadSessionId: null };
}

/** Condition selecting the images of a target. */
export function targetImages(target: UploadTarget) {
  return target.kind === 'listing'
    ? eq(images.listingId, target.listingId)
    : and(eq(images.uploadSessionId, target.uploadSessionId), isNull(images.listingId))!;
}
