import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';

/** Deliveries still to make, and how long the oldest has waited (seconds). */
export async function measureQueue(db: Db) {
  const [row] = rowsOf<{ depth: number; oldest: number | null }>(
    await db.execute(sql`
    select count(*)::int as depth, extract(epoch from now() - min(created_at))::float8 as oldest
    from webhook_deliveries where status = 'pending'`),
  );
  return { depth: row?.depth ?? 0, oldestSeconds: row?.oldest ?? 0 };
}

const KEEP_DAYS = 30;

/** The log is kept KEEP_DAYS: older events whose deliveries are all settled go (with them). */
export async function pruneOldEvents(db: Db) {
  await db.execute(sql`
    delete from webhook_events ev where ev.id in (
      select e.id from webhook_events e where e.created_at < now() - make_interval(days => ${KEEP_DAYS})
        and not exists (select 1 from webhook_deliveries d where d.event_id = e.id and d.status = 'pending')
      limit 1000)`);
}
