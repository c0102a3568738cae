import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';

/** Deliveries still to make, and how long the oldest has waited (seconds). */
export async function measureQueue(db: Db) {
  const [row] = rowsOf<{ depth: number; oldest: number | null }>(await db.execute(sql`
    select count(*)::int as depth, extract(epoch from now() - min(created_at))::float8 as oldest
    from webhook_deliveries where status = 'pending'`));
  return { depth: row?.depth ?? 0, oldestSeconds: row?.oldest ?? 0 };
}
