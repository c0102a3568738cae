// What clean-up may remove. Nothing of a listing whose checkout can still be paid is touched,
// nor a draft's images before the draft has gone DRAFT_MAX_AGE_DAYS without a change, nor a
// published listing's images (except true orphans past the grace period).
import { and, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';
import { images, listings, uploadSessions } from '@/lib/db/schema';

/** Set on rows clean-up has claimed; such a row is retried by every later run until it is gone. */
export const CLEANUP_MARK = 'removed by clean-up';

export type Scope =
  | { kind: 'stale'; olderThan: Date; uploadingOlderThan: Date; draftOlderThan: Date }
  | { kind: 'session'; uploadSessionId: string; draftOlderThan: Date }
  | { kind: 'all-temp'; draftOlderThan: Date };

/** A session whose listing awaits payment: its checkout can still be paid, so it is never touched. */
export const payableSession = (sessionId: SQL) => sql`exists (
  select 1 from ${uploadSessions} s join ${listings} l on l.id = s.listing_id
  where s.id = ${sessionId} and l.status = 'pending_payment')`;

/**
 * Last change of listing `l` (SQL alias): its title, an upload into its session, a caption or
 * a reorder of any of its images, wherever they are stored.
 */
const listingActivity = sql`greatest(l.updated_at,
  (select s.updated_at from upload_sessions s where s.id = l.upload_session_id),
  (select max(i.updated_at) from images i where i.listing_id = l.id),
  (select max(i.updated_at) from images i where i.upload_session_id = l.upload_session_id and i.listing_id is null))`;

/** Drafts nobody changed since `draftOlderThan`: clean-up abandons them. */
export const staleDraft = (draftOlderThan: Date) => sql`l.status = 'draft' and ${listingActivity} < ${draftOlderThan.toISOString()}::timestamptz`;

/** Sessions whose images clean-up must keep: a payable checkout, or a draft still young. */
const protectedSessions = (draftOlderThan: Date) => sql`(select s.id from upload_sessions s join listings l on l.id = s.listing_id
  where l.status = 'pending_payment' or (l.status = 'draft' and not (${staleDraft(draftOlderThan)})))`;

/** Sessions gone quiet: no draft of theirs is young, and (without a draft) no change since `olderThan`. */
const staleSessions = (olderThan: Date, draftOlderThan: Date) => sql`(select s.id from upload_sessions s left join listings l on l.id = s.listing_id
  where case
    when l.status = 'pending_payment' then false
    when l.status = 'abandoned' then true
    when l.status = 'draft' then ${staleDraft(draftOlderThan)}
    else greatest(s.updated_at, (select max(i.updated_at) from images i where i.upload_session_id = s.id)) < ${olderThan.toISOString()}::timestamptz
  end)`;

/** Listings whose own images (stored under listings/<id>/ by direct uploads) go: abandoned drafts. */
const abandonedListings = (draftOlderThan: Date) => sql`(select l.id from listings l where l.status = 'abandoned' or (${staleDraft(draftOlderThan)}))`;

// Fully qualified, because drizzle renders a bare column name inside a select list.
export const IMAGE_SESSION = sql.raw('"images"."upload_session_id"');
export const SESSION_ID = sql.raw('"upload_sessions"."id"');

const inTemp = and(isNull(images.listingId), isNotNull(images.uploadSessionId));

export function rowCondition(scope: Scope): SQL {
  const claimed = eq(images.error, CLEANUP_MARK);
  const keepProtected = sql`${images.uploadSessionId} not in ${protectedSessions(scope.draftOlderThan)}`;
  switch (scope.kind) {
    case 'session':
      return and(inTemp, eq(images.uploadSessionId, scope.uploadSessionId), keepProtected)!;
    case 'all-temp':
      return and(inTemp, keepProtected)!;
    case 'stale':
      return or(
        claimed,
        and(inTemp, sql`${images.uploadSessionId} in ${staleSessions(scope.olderThan, scope.draftOlderThan)}`),
        and(isNotNull(images.listingId), sql`${images.listingId} in ${abandonedListings(scope.draftOlderThan)}`),
        // Never finished uploading: not an image anyone can see, unless a payment may still come.
        and(eq(images.status, 'uploading'), lt(images.createdAt, scope.uploadingOlderThan), sql`not ${payableSession(IMAGE_SESSION)}`),
      )!;
  }
}

/**
 * Ids of the rows that qualify now, in id order after `afterId`. They come back as one text,
 * not a row each: on PGlite, reading 10,000 rows cost more than finding them.
 */
export async function findRowCandidates(db: Db, scope: Scope, limit: number, afterId?: string): Promise<string[]> {
  const [found] = rowsOf<{ ids: string }>(
    await db.execute(sql`select coalesce(string_agg(id::text, ',' order by id), '') as ids from (
      select ${images.id} as id from ${images}
      where ${and(rowCondition(scope), afterId ? sql`${images.id} > ${afterId}::uuid` : undefined)}
      order by ${images.id} limit ${limit}) candidates`),
  );
  return found.ids === '' ? [] : found.ids.split(',');
}

/** Drafts untouched for DRAFT_MAX_AGE_DAYS become `abandoned`, under their sessions' locks (an upload racing us wins). */
export async function abandonStaleDrafts(db: Db, draftOlderThan: Date) {
  return db.transaction(async (tx) => {
    const stale = await tx
      .select({ id: listings.id, uploadSessionId: listings.uploadSessionId })
      .from(listings)
      .where(sql`${listings.id} in (select l.id from listings l where ${staleDraft(draftOlderThan)})`);
    if (stale.length === 0) return 0;
    const sessionIds = stale.flatMap((l) => (l.uploadSessionId ? [l.uploadSessionId] : []));
    if (sessionIds.length > 0) {
      await tx.select({ id: uploadSessions.id }).from(uploadSessions).where(inArray(uploadSessions.id, sessionIds)).orderBy(uploadSessions.id).for('update');
    }
    // Re-checked under the locks: an upload or caption a moment ago keeps the draft.
    const done = await tx
      .update(listings)
      .set({ status: 'abandoned', updatedAt: new Date() })
      .where(
        and(
          inArray(
            listings.id,
            stale.map((l) => l.id),
          ),
          sql`${listings.id} in (select l.id from listings l where ${staleDraft(draftOlderThan)})`,
        ),
      )
      .returning({ id: listings.id });
    return done.length;
  });
}
