// The /listings/new page's read: the caller's upload session and its images in gallery order.
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { listImages } from '@/lib/images/list-images';
import { toGalleryImage } from '@/lib/images/gallery-image';

/** null when the session does not exist or is someone else's. */
export async function getSessionGallery(db: Db, storage: StorageDriver, { userId, sessionId }: { userId: string; sessionId: string }) {
  const [session] = await db.select({ id: uploadSessions.id, listingId: uploadSessions.listingId }).from(uploadSessions)
    .where(and(eq(uploadSessions.id, sessionId), eq(uploadSessions.userId, userId)));
  if (!session) return null;
  // A set holds at most MAX_IMAGES_PER_SET images, far below one page of 100.
  const { items } = await listImages(db, storage, { userId, query: { uploadSessionId: session.id, limit: 100 } });
  return { id: session.id, listingId: session.listingId, images: items.map(toGalleryImage) };
}
