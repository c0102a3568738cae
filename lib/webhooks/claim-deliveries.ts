// A dispatcher's claim: due deliveries of enabled endpoints, taken with FOR UPDATE SKIP
// LOCKED (instances never wait on each other's rows) and leased for LEASE_SECONDS. A claim
// left by a crashed instance is taken over once its lease has passed. Each claim counts as
// an attempt, so a crash mid-send still moves the row towards its retry limit.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';
import { markDelivered, type Delivered } from './record-outcomes';

export const LEASE_SECONDS = 30;

export interface ClaimedDelivery {
  id: string;
  /** The number of the attempt about to be made. */
  attempts: number;
  eventId: string;
  body: string;
  endpointId: string;
  url: string;
  secrets: string[];
  endpointFailing: boolean;
}

export type DueRow = {
  id: string;
  attempts: number;
  event_id: string;
  body: string;
  endpoint_id: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_valid: boolean | null;
  failing: boolean;
};

/** The columns a claim returns, joined from the delivery, its event and its endpoint. */
export const CLAIM_COLUMNS = sql`d.id, d.attempts, ev.id as event_id, ev.body, e.id as endpoint_id, e.url, e.secret, e.previous_secret,
  e.previous_secret_until > now() as previous_valid, e.failing_since is not null as failing`;

/** Claimed rows; `uncounted`: 1 when the claim did not count the attempt in the row. */
export function toClaimed(rows: DueRow[], uncounted: 0 | 1): ClaimedDelivery[] {
  return rows.map((r) => ({
    id: r.id,
    attempts: r.attempts + uncounted,
    eventId: r.event_id,
    body: r.body,
    endpointId: r.endpoint_id,
    url: r.url,
    secrets: r.previous_secret && r.previous_valid ? [r.secret, r.previous_secret] : [r.secret],
    endpointFailing: r.failing,
  }));
}

/**
 * Claims up to `limit` due deliveries. `delivered` (finished attempts) are recorded in the same
 * statement, so a busy dispatcher pays one round trip per batch.
 */
export async function claimDeliveries(db: Db, limit: number, leaseSeconds = LEASE_SECONDS, delivered: Delivered[] = []): Promise<ClaimedDelivery[]> {
  const done = delivered.length === 0 ? sql`` : sql`done as (${markDelivered(delivered)} returning d.id),`;
  const result = await db.execute(sql`
    with ${done} due as (
      select d.id from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id
      where d.status = 'pending' and d.next_attempt_at <= now()
        and (d.locked_until is null or d.locked_until < now()) and e.disabled_at is null
      order by d.next_attempt_at
      limit ${limit}
      for update of d skip locked
    )
    update webhook_deliveries d
    set locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1,
      last_attempt_at = now(), updated_at = now()
    from due, webhook_events ev, webhook_endpoints e
    where d.id = due.id and ev.id = d.event_id and e.id = d.endpoint_id
    returning ${CLAIM_COLUMNS}`);
  return toClaimed(rowsOf<DueRow>(result), 0);
}
