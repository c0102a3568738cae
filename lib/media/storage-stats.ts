// What the service holds, for the admin page: one query for the counts and bytes, and the
// latest verify and snapshot recorded by `npm run media` (possibly run on another machine).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';

interface MediaCheck {
  startedAt: Date;
  finishedAt: Date;
  summary: Record<string, unknown>;
}

export async function getStorageStats(db: Db) {
  // Scalar subqueries keep it to one round trip; each media check is one row read through
  // media_checks_kind_started_idx.
  const result = await db.execute(sql`
    select
      (select count(*) from images)::int as images,
      (select coalesce(sum(byte_size), 0) from images)::bigint as bytes,
      (select count(*) from listings)::int as listings,
      (select row_to_json(v) from (select started_at as "startedAt", finished_at as "finishedAt", summary
        from media_checks where kind = 'verify' order by started_at desc limit 1) v) as "lastVerify",
      (select row_to_json(s) from (select started_at as "startedAt", finished_at as "finishedAt", summary
        from media_checks where kind = 'snapshot' order by started_at desc limit 1) s) as "lastSnapshot"`);
  const [row] = rowsOf<
    Record<'images' | 'bytes' | 'listings', number | string> & { lastVerify: RawCheck | string | null; lastSnapshot: RawCheck | string | null }
  >(result);
  return {
    images: Number(row.images),
    bytes: Number(row.bytes),
    listings: Number(row.listings),
    lastVerify: toCheck(row.lastVerify),
    lastSnapshot: toCheck(row.lastSnapshot),
  };
}

type RawCheck = { startedAt: string; finishedAt: string; summary: Record<string, unknown> };

// postgres.js parses json columns; PGlite may hand back the text.
function toCheck(value: RawCheck | string | null): MediaCheck | null {
  if (value === null) return null;
  const raw: RawCheck = typeof value === 'string' ? JSON.parse(value) : value;
  return { startedAt: new Date(raw.startedAt), finishedAt: new Date(raw.finishedAt), summary: raw.summary ?? {} };
}
