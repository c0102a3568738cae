// When a draft was last changed: its title (the listing row), an upload into its session (the
// session row) or a caption or reorder (its images' rows). Clean-up measures a draft's age
// from this, and "My listings" shows when an untouched draft would be abandoned.
import { sql, type SQL } from 'drizzle-orm';
import { env } from '@/lib/env';

/** Last change of the upload session `sessionId` and of its listing, if it has one (SQL, timestamptz). */
export const sessionActivity = (
  sessionId: SQL,
) => sql`(select greatest(s.updated_at, l.updated_at, (select max(i.updated_at) from images i where i.upload_session_id = s.id))
  from upload_sessions s left join listings l on l.id = s.listing_id where s.id = ${sessionId})`;

export const draftMaxAgeMs = () => env().DRAFT_MAX_AGE_DAYS * 24 * 3600_000;

/** When a draft last changed at `lastActivity` is abandoned if nobody touches it. */
export function abandonAt(lastActivity: Date) {
  return new Date(lastActivity.getTime() + draftMaxAgeMs());
}
