// One SQL query per page, keyset-paginated on (position, created_at, id) so a page boundary
// never repeats or skips an image while new ones arrive.
import { and, asc, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/lib/db/client';
import { images, listings, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { toImageDto } from './image-dto';
import type { ListImagesQuery } from './schemas';

type Cursor = { p: number; c: string; i: string };

function encodeCursor(row: { position: number; createdAt: Date; id: string }) {
  return Buffer.from(JSON.stringify({ p: row.position, c: row.createdAt.toISOString(), i: row.id } satisfies Cursor)).toString('base64url');
}

// A cursor comes back from the client: each part is checked to be what PostgreSQL will take
// (an int4 position, a timestamp as toISOString writes it, a uuid), or the query would fail.
const cursorShape = z.object({
  p: z.number().int().min(-2_147_483_648).max(2_147_483_647),
  c: z
    .string()
    .regex(/^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    .refine((c) => !Number.isNaN(Date.parse(c)) && new Date(c).toISOString() === c),
  i: z.uuid(),
});

function decodeCursor(value: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('bad_request', 'Invalid cursor');
  }
  const cursor = cursorShape.safeParse(parsed);
  if (!cursor.success) throw new AppError('bad_request', 'Invalid cursor');
  return cursor.data;
}

export async function listImages(db: Db, storage: StorageDriver, { userId, query }: { userId: string; query: ListImagesQuery }) {
  const conditions: (SQL | undefined)[] = [eq(images.userId, userId)];
  if (query.listingId) conditions.push(eq(images.listingId, query.listingId));
  if (query.uploadSessionId) conditions.push(eq(images.uploadSessionId, query.uploadSessionId));
  if (query.source) conditions.push(eq(images.source, query.source));
  if (query.status) conditions.push(eq(images.status, query.status));
  // Deleted generated images stay hidden unless asked for by name.
  conditions.push(query.stage ? eq(images.stage, query.stage) : or(sql`${images.stage} is null`, ne(images.stage, 'deleted')));
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    conditions.push(sql`(${images.position}, ${images.createdAt}, ${images.id}) > (${c.p}, ${c.c}::timestamptz, ${c.i}::uuid)`);
  }
  const rows = await db
    .select()
    .from(images)
    .where(and(...conditions))
    .orderBy(asc(images.position), asc(images.createdAt), asc(images.id))
    .limit(query.limit + 1);
  if (rows.length === 0) await assertOwnSet(db, userId, query);
  const page = rows.slice(0, query.limit);
  const items = await Promise.all(page.map((row) => toImageDto(storage, row)));
  return { items, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null };
}

// Only an empty page pays for this check: another user's set is a 404, not an empty list.
async function assertOwnSet(db: Db, userId: string, query: ListImagesQuery) {
  if (query.listingId) {
    const [own] = await db
      .select({ id: listings.id })
      .from(listings)
      .where(and(eq(listings.id, query.listingId), eq(listings.userId, userId)));
    if (!own) throw new AppError('not_found', 'Listing not found');
  }
  if (query.uploadSessionId) {
    const [own] = await db
      .select({ id: uploadSessions.id })
      .from(uploadSessions)
      .where(and(eq(uploadSessions.id, query.uploadSessionId), eq(uploadSessions.userId, userId)));
    if (!own) throw new AppError('not_found', 'Upload session not found');
  }
}
