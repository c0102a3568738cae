// The outbox write. Called with the transaction of the change it reports, so the event
// commits with the change or not at all. One statement: the event row and one delivery per
// subscribed, enabled endpoint; nothing is written when the user has none (an index lookup).
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/client';
import { adminUserIds } from './admin-recipients';
import type { WebhookEventType } from './schemas';
import { wakeDispatcher } from './wake';

export const RETRY_WINDOW_HOURS = 24;

function newEventId() {
  return `msg_${Date.now().toString(36)}${randomBytes(12).toString('hex')}`;
}

export interface EventInput {
  /** The user whose change this is; null for an admin event (the endpoints of every admin). */
  userId: string | null;
  type: WebhookEventType | 'webhook.test';
  data: Record<string, unknown>;
  /** Only this endpoint, whatever it subscribes to (the test event). */
  endpointId?: string;
}

/** Writes the event for its subscribers; returns how many deliveries it made. */
export async function enqueueEvent(tx: Db, { userId, type, data, endpointId }: EventInput): Promise<number> {
  const owners = endpointId || userId ? null : await adminUserIds(tx);
  if (owners?.length === 0) return 0;
  const targets = endpointId
    ? sql`select id from webhook_endpoints where id = ${endpointId}::uuid and disabled_at is null`
    : userId
      ? subscribersOf(sql`${userId}`, type)
      : sql`select id from webhook_endpoints where user_id in (${sql.join(
          owners!.map((owner) => sql`${owner}`),
          sql`, `,
        )})
          and ${type} = any(events) and disabled_at is null`;
  const result = await tx.execute(sql`with ${outboxWrites({ targets, userId: sql`${userId}`, type, body: sql`${eventBody(type, data)}` })}
    select id from deliveries`);
  const made = rowsOf(result).length;
  if (made > 0) wakeDispatcher();
  return made;
}

/** The enabled endpoints of `userId` (an SQL expression) that subscribe to `type`. */
export const subscribersOf = (userId: SQL, type: string) =>
  sql`select id from webhook_endpoints where user_id = ${userId} and ${type} = any(events) and disabled_at is null`;

/**
 * The outbox write as the CTEs `targets`, `event` and `deliveries`, for a statement that
 * makes its change and reports it at once: the event row and one delivery per target,
 * nothing when there is no target. The caller wakes the dispatcher when deliveries were made.
 */
export function outboxWrites({ targets, userId, type, body }: { targets: SQL; userId: SQL; type: string; body: SQL }) {
  return sql`targets as (${targets}),
    event as (
      insert into webhook_events (id, user_id, type, body)
      select ${newEventId()}, ${userId}, ${type}, ${body} where exists (select 1 from targets)
      returning id
    ),
    deliveries as (
      insert into webhook_deliveries (event_id, endpoint_id, retry_until)
      select event.id, targets.id, now() + make_interval(hours => ${RETRY_WINDOW_HOURS}) from event, targets
      returning id
    )`;
}

function eventBody(type: string, data: Record<string, unknown>) {
  return JSON.stringify({ type, timestamp: new Date().toISOString(), data });
}

/**
 * An event body whose `data[field]` is known only inside the statement that writes it: the
 * JSON before and after that value, to be joined around the value's own JSON in SQL
 * (`head || to_json(value)::text || tail`), byte for byte what eventBody would write.
 */
export function eventBodyAround(type: string, data: Record<string, unknown>, field: string) {
  const mark = `\u0000${randomBytes(8).toString('hex')}`;
  const [head, tail] = eventBody(type, { ...data, [field]: mark }).split(JSON.stringify(mark));
  return { head, tail };
}
