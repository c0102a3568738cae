// The users storing the most (for /admin), counted as GET /api/usage counts: one grouped query.
import { desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, users } from '@/lib/db/schema';
import { quotaBytes } from './get-usage';

export async function listTopUsage(db: Db, { limit }: { limit: number }) {
  const used = sql<string>`coalesce(sum(${images.byteSize} + coalesce(${images.thumbnailByteSize}, 0)), 0)`;
  const rows = await db
    .select({ userId: users.id, email: users.email, usedBytes: used, images: sql<number>`count(*)::int` })
    .from(images)
    .innerJoin(users, eq(users.id, images.userId))
    .where(ne(images.status, 'error'))
    .groupBy(users.id, users.email)
    .orderBy(desc(used))
    .limit(limit);
  return { quotaBytes: quotaBytes(), users: rows.map((r) => ({ ...r, usedBytes: Number(r.usedBytes), images: Number(r.images) })) };
}
