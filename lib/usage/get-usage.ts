// What a user stores against their quota: originals and thumbnails of every row that is not a
// rejected upload (an `uploading` row counts its declared size: it has been promised). Objects
// no row names (a PUT to an old upload URL) never count; clean-up removes them.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/types';
import { images } from '@/lib/db/schema';
import { env } from '@/lib/env';

export interface Usage {
  usedBytes: number;
  quotaBytes: number;
  images: number;
}

export function quotaBytes() {
  return env().USER_STORAGE_QUOTA_MB * 1024 * 1024;
}

export async function getUsage(db: Executor, { userId }: { userId: string }): Promise<Usage> {
  const [row] = await db
    .select({
      usedBytes: sql<string>`coalesce(sum(${images.byteSize} + coalesce(${images.thumbnailByteSize}, 0)), 0)`,
      images: sql<number>`count(*)::int`,
    })
    .from(images)
    .where(and(eq(images.userId, userId), ne(images.status, 'error')));
  // A bigint sum arrives as text on both drivers.
  return { usedBytes: Number(row.usedBytes), quotaBytes: quotaBytes(), images: Number(row.images) };
}
