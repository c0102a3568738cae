// PGlite's claim ("one loop on PGlite"). One process owns a PGlite database (the pid lock), so
// its dispatcher holds what it claimed in this process's memory instead of writing a lease to
// every row: a read, where the PostgreSQL claim writes each row it takes, and PGlite runs every
// statement on the thread that sends the webhooks. A lease written by claimDeliveries (another
// claimant) is still respected. The attempt is counted when its outcome is recorded; a crash
// mid-send leaves the row as it was, due, and it is sent again after the restart.
import { Mutex } from 'async-mutex';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';
import { CLAIM_COLUMNS, toClaimed, type ClaimedDelivery, type DueRow } from './claim-deliveries';
import { markDelivered, type Delivered } from './record-outcomes';
import { arrayLiteral } from '@/lib/db/array-literal';

// Per database: the deliveries claimed and not yet recorded, by every dispatcher on it.
const claims = new WeakMap<Db, { held: Set<string>; mutex: Mutex }>();

function claimsOf(db: Db) {
  let entry = claims.get(db);
  if (!entry) {
    entry = { held: new Set(), mutex: new Mutex() };
    claims.set(db, entry);
  }
  return entry;
}

/**
 * Claims up to `limit` due deliveries not held here, recording `delivered` in the same
 * statement. Those stay held until it has committed (its read does not see its own update).
 */
export async function claimInProcess(db: Db, limit: number, delivered: Delivered[] = []): Promise<ClaimedDelivery[]> {
  const { held, mutex } = claimsOf(db);
  return mutex.runExclusive(async () => {
    const done = delivered.length === 0 ? sql`` : sql`with done as (${markDelivered(delivered)} returning d.id)`;
    const result = await db.execute(sql`${done}
      select ${CLAIM_COLUMNS} from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id
      join webhook_events ev on ev.id = d.event_id
      where d.status = 'pending' and d.next_attempt_at <= now()
        and (d.locked_until is null or d.locked_until < now()) and e.disabled_at is null
        and d.id <> all(${arrayLiteral([...held])}::uuid[])
      order by d.next_attempt_at
      limit ${limit}`);
    releaseInProcess(
      db,
      delivered.map((d) => d.id),
    );
    const claimed = toClaimed(rowsOf<DueRow>(result), 1);
    for (const delivery of claimed) held.add(delivery.id);
    return claimed;
  });
}

/** Lets deliveries be claimed again: their outcome is recorded, or they were never sent. */
export function releaseInProcess(db: Db, ids: string[]) {
  const { held } = claimsOf(db);
  for (const id of ids) held.delete(id);
}
