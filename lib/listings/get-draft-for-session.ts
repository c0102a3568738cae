// The /listings/new?session= page's read: the draft listing of the caller's upload session,
// with its images. A session from before drafts had one (or made by POST /api/upload-sessions)
// gets its draft now, so its images show on My listings. null when the session is gone or
// someone else's.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { listings, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { getListingWithImages } from './listing-queries';
import { toGalleryImage } from '@/lib/images/gallery-image';

export async function getDraftForSession(db: Db, storage: StorageDriver, { userId, sessionId }: { userId: string; sessionId: string }) {
  const listingId = await db.transaction(async (tx) => {
    const [session] = await tx
      .select()
      .from(uploadSessions)
      .where(and(eq(uploadSessions.id, sessionId), eq(uploadSessions.userId, userId)))
      .for('update');
    if (!session) return null;
    if (session.listingId) return session.listingId;
    if (session.promotedAt || session.releasedAt) return null;
    const [made] = await tx.insert(listings).values({ userId, title: '', status: 'draft', uploadSessionId: session.id }).returning();
    await tx
      .update(uploadSessions)
      .set({ listingId: made.id })
      .where(and(eq(uploadSessions.id, session.id), isNull(uploadSessions.listingId)));
    return made.id;
  });
  if (!listingId) return null;
  const listing = await getListingWithImages(db, storage, { userId, listingId });
  return { listing, images: listing.images.map(toGalleryImage) };
}
