// What became of attempts. Successes of a batch are written in one statement (the hot
// path); each failure schedules its retry, or ends as `failed` past its retry window, and
// extends its endpoint's run of failures, which after DISABLE_AFTER_DAYS disables it.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';
import { retryDelaySeconds } from './backoff';
import { arrayLiteral } from '@/lib/db/array-literal';

const DISABLE_AFTER_DAYS = 3;
const ERROR_CHARS = 500;

/** `attempts`: the number of this attempt (a claim may have counted it already, see claim-deliveries). */
export interface Delivered {
  id: string;
  status: number;
  attempts: number;
  endpointId: string;
  endpointFailing: boolean;
}
export interface Failed {
  id: string;
  attempts: number;
  status: number | null;
  error: string;
  endpointId: string;
}

/** Records successes; `rowsRecorded` when a claim already wrote the delivery rows. */
export async function recordDelivered(db: Db, done: Delivered[], rowsRecorded = false) {
  if (done.length === 0) return;
  if (!rowsRecorded) await db.execute(markDelivered(done));
  const recovered = [...new Set(done.filter((d) => d.endpointFailing).map((d) => d.endpointId))];
  if (recovered.length > 0) {
    await db.execute(sql`update webhook_endpoints set failing_since = null, last_failure = null, updated_at = now()
      where id in (${sql.join(
        recovered.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`);
  }
}

/**
 * The UPDATE recording successes, alone or inside a claim's statement. The ids come as one
 * array (an index lookup each, whatever the planner thinks of the table's size); an attempt a
 * claim did not count (PGlite's, held in memory) is counted here.
 */
export function markDelivered(done: Delivered[]) {
  return sql`update webhook_deliveries d set status = 'delivered', delivered_at = now(), locked_until = null, next_attempt_at = null,
      last_status_code = v.code, last_error = null, updated_at = now(),
      last_attempt_at = case when d.attempts < v.attempt then now() else d.last_attempt_at end, attempts = greatest(d.attempts, v.attempt)
    from unnest(${arrayLiteral(done.map((d) => d.id))}::uuid[], ${arrayLiteral(done.map((d) => d.status))}::int[], ${arrayLiteral(done.map((d) => d.attempts))}::int[]) as v(id, code, attempt)
    where d.id = v.id`;
}

/** Returns whether the endpoint was disabled by this failure. */
export async function recordFailed(db: Db, failed: Failed, random: () => number = Math.random): Promise<{ disabled: boolean; final: boolean }> {
  const delay = retryDelaySeconds(failed.attempts, random);
  const error = failed.error.slice(0, ERROR_CHARS);
  return db.transaction(async (tx) => {
    const [row] = rowsOf<{ status: string }>(
      await tx.execute(sql`
      update webhook_deliveries set
        status = case when now() + make_interval(secs => ${delay}) > retry_until then 'failed' else 'pending' end,
        next_attempt_at = case when now() + make_interval(secs => ${delay}) > retry_until then null else now() + make_interval(secs => ${delay}) end,
        locked_until = null, last_status_code = ${failed.status}::int, last_error = ${error}, updated_at = now(),
        last_attempt_at = case when attempts < ${failed.attempts} then now() else last_attempt_at end, attempts = greatest(attempts, ${failed.attempts})
      where id = ${failed.id}::uuid and status = 'pending' returning status`),
    );
    const [endpoint] = rowsOf<{ disabled: boolean }>(
      await tx.execute(sql`
      update webhook_endpoints e set
        failing_since = coalesce(e.failing_since, now()), last_failure = ${error}, updated_at = now(),
        disabled_at = case when e.failing_since <= now() - make_interval(days => ${DISABLE_AFTER_DAYS}) then now() end,
        disabled_reason = case when e.failing_since <= now() - make_interval(days => ${DISABLE_AFTER_DAYS})
          then ${`Every delivery failed for ${DISABLE_AFTER_DAYS} days in a row (last: ${error})`} end
      where e.id = ${failed.endpointId}::uuid and e.disabled_at is null
      returning e.disabled_at is not null as disabled`),
    );
    const disabled = endpoint?.disabled ?? false;
    // A disabled endpoint's queue stops: what was waiting is marked failed, retryable by hand
    // (an attempt in flight that then fails leaves it so; one that succeeds marks it delivered).
    if (disabled) {
      await tx.execute(sql`update webhook_deliveries set status = 'failed', next_attempt_at = null, updated_at = now(),
        last_error = coalesce(last_error, 'endpoint disabled') where endpoint_id = ${failed.endpointId}::uuid and status = 'pending'`);
    }
    return { disabled, final: (row?.status ?? 'failed') === 'failed' };
  });
}
