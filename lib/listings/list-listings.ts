import { desc, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { listings } from '@/lib/db/schema';

/** The caller's listings, newest first. */
export async function listListings(db: Db, { userId }: { userId: string }) {
  return db.select().from(listings).where(eq(listings.userId, userId)).orderBy(desc(listings.createdAt));
}
