// What clean-up may remove. Every query leaves alone a session bound to a checkout that can
// still be paid, and published listings' images (except true orphans past the grace period).
import { and, eq, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, listings, uploadSessions } from '@/lib/db/schema';

/** Set on rows clean-up has claimed; such a row is retried by every later run until it is gone. */
export const CLEANUP_MARK = 'removed by clean-up';

export type Scope =
  | { kind: 'stale'; olderThan: Date; uploadingOlderThan: Date }
  | { kind: 'session'; uploadSessionId: string }
  | { kind: 'all-temp' };

/**
 * A session whose checkout can still be paid: never touched. An expired checkout counts for
 * three more days, because a `completed` event may still arrive after its `expired` one
 * (delivery is out of order and retried for days) and the customer did pay.
 */
export const payableSession = (sessionId: SQL) => sql`exists (
  select 1 from ${uploadSessions} s join ${listings} l on l.id = s.listing_id
  where s.id = ${sessionId}
    and (l.status = 'pending_payment' or (l.status = 'abandoned' and l.updated_at > now() - interval '72 hours')))`;

// Fully qualified, because drizzle renders a bare column name inside a select list.
export const IMAGE_SESSION = sql.raw('"images"."upload_session_id"');
export const SESSION_ID = sql.raw('"upload_sessions"."id"');

const inTemp = and(isNull(images.listingId), isNotNull(images.uploadSessionId));

export function rowCondition(scope: Scope): SQL {
  const claimed = eq(images.error, CLEANUP_MARK);
  const base = (() => {
    switch (scope.kind) {
      case 'session':
        return and(inTemp, eq(images.uploadSessionId, scope.uploadSessionId));
      case 'all-temp':
        return inTemp;
      case 'stale':
        return or(
          claimed,
          and(inTemp, lt(images.createdAt, scope.olderThan)),
          and(eq(images.status, 'uploading'), lt(images.createdAt, scope.uploadingOlderThan)),
        );
    }
  })()!;
  return and(base, sql`not ${payableSession(IMAGE_SESSION)}`)!;
}

export async function findRowCandidates(db: Db, scope: Scope, limit: number, afterId?: string) {
  return db.select({ id: images.id, key: images.key, thumbnailKey: images.thumbnailKey, uploadSessionId: images.uploadSessionId, createdAt: images.createdAt, byteSize: images.byteSize })
    .from(images)
    .where(and(rowCondition(scope), afterId ? sql`${images.id} > ${afterId}::uuid` : undefined))
    .orderBy(images.id)
    .limit(limit);
}
