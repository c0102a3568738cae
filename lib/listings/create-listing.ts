// POST /api/listings' work: a draft listing with its own upload session, made together, so
// its images wait in the session's temp area until it is paid for and its title is on the
// server from the first moment (another device finds it on "My listings").
import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { listings, uploadSessions } from '@/lib/db/schema';
import { createUploadSession } from '@/lib/uploads/create-upload-session';
import { toListingDto } from './listing-queries';

export async function createListing(db: Db, { userId, title }: { userId: string; title: string }) {
  const row = await db.transaction(async (tx) => {
    const session = await createUploadSession(tx, { userId });
    const [created] = await tx.insert(listings).values({ userId, title, status: 'draft', uploadSessionId: session.id }).returning();
    await tx.update(uploadSessions).set({ listingId: created.id }).where(eq(uploadSessions.id, session.id));
    return created;
  });
  return toListingDto(row);
}
