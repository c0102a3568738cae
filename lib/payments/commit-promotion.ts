// The commit of a promotion as one statement: publishing the listing, moving the copied
// rows, dropping what never finished uploading, the listing.published event, the session
// and the payment event. A statement is atomic on its own, and it is one round trip where a
// transaction of its parts took eight: on PGlite each is a turn of the one thread, about 1 ms,
// on the way between the last copy and the temp delete.
// The session is locked before the listing, as everywhere else (checkout, cancel, clean-up),
// and publishing is the lock on the listing: a concurrent promotion waits on the row, and
// the one that finds it published (re-checked on the committed row) changes nothing, since
// every other part runs only if `locked` returned the row.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/client';
import { arrayLiteral } from '@/lib/db/array-literal';
import { listings } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { eventBodyAround, outboxWrites, subscribersOf } from '@/lib/webhooks/enqueue-event';
import { wakeDispatcher } from '@/lib/webhooks/wake';

export interface Move {
  id: string;
  key: string;
  thumbnailKey: string;
  etag: string | null;
}

/** Rows of the session that never finished uploading, deleted: their objects go next. */
type Unfinished = { key: string; thumbnailKey: string | null }[];

/** Null when another delivery published the listing first (it owns the temp clean-up). */
export async function commitPromotion(
  db: Db,
  { listingId, uploadSessionId, eventId, moves }: { listingId: string; uploadSessionId: string; eventId: string; moves: Move[] },
): Promise<Unfinished | null> {
  const type = 'listing.published';
  // The title is the committed one, read by the statement: a rename a moment ago is in it.
  const body = eventBodyAround(type, { listingId, title: null, imageIds: moves.map((m) => m.id) }, 'title');
  // As four arrays: one parameter each, where a VALUES list binds four per image.
  const column = (pick: (m: Move) => string | null) => arrayLiteral(moves.map(pick));
  const moveRows = sql`select * from unnest(${column((m) => m.id)}::uuid[], ${column((m) => m.key)}::text[],
    ${column((m) => m.thumbnailKey)}::text[], ${column((m) => m.etag)}::text[])`;
  const result = await db.execute(sql`
    with session_lock as (
      select id from upload_sessions where id = ${uploadSessionId} for update
    ),
    locked as (
      update listings set status = 'published', published_at = now(), updated_at = now()
      where id = ${listingId}::uuid and status <> 'published' and exists (select 1 from session_lock)
      returning user_id, title
    ),
    moves (id, key, thumbnail_key, etag) as (${moveRows}),
    moved as (
      update images set key = moves.key, thumbnail_key = case when images.thumbnail_key is null then null else moves.thumbnail_key end,
        listing_id = ${listingId}::uuid, etag = moves.etag, updated_at = now()
      from moves
      where images.id = moves.id and images.listing_id is null and exists (select 1 from locked)
      returning images.id
    ),
    unfinished as (
      -- Whatever never finished uploading is not part of what was paid for.
      delete from images
      where upload_session_id = ${uploadSessionId} and listing_id is null and status <> 'uploaded'
        and id not in (select id from moves) and exists (select 1 from locked)
      returning key, thumbnail_key
    ),
    session_done as (
      update upload_sessions set promoted_at = now(), updated_at = now()
      where id = ${uploadSessionId} and exists (select 1 from locked)
      returning id
    ),
    event_done as (
      update payment_events set state = 'done', listing_id = ${listingId}::uuid, locked_until = null, processed_at = now()
      where id = ${eventId} and exists (select 1 from locked)
      returning id
    ),
    ${outboxWrites({
      targets: subscribersOf(sql`(select user_id from locked)`, type),
      userId: sql`(select user_id from locked)`,
      type,
      body: sql`${body.head} || (select to_json(title)::text from locked) || ${body.tail}`,
    })}
    select
      (select count(*) from locked)::int as published,
      coalesce((select json_agg(json_build_object('key', key, 'thumbnailKey', thumbnail_key)) from unfinished), '[]'::json) as unfinished,
      (select count(*) from deliveries)::int as deliveries`);
  const [row] = rowsOf(result) as { published: number; unfinished: Unfinished | string; deliveries: number }[];
  if (row.deliveries > 0) wakeDispatcher();
  if (row.published === 0) {
    const [exists] = await db.select({ id: listings.id }).from(listings).where(eq(listings.id, listingId));
    if (!exists) throw new AppError('bad_request', 'The listing was deleted before its payment arrived');
    return null;
  }
  // postgres.js parses json columns; PGlite hands some drivers the text.
  return typeof row.unfinished === 'string' ? JSON.parse(row.unfinished) : row.unfinished;
}
