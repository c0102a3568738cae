// For the admin page: endpoints that are disabled or failing now, across all users.
import { desc, eq, isNotNull, or } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { users, webhookEndpoints } from '@/lib/db/schema';

export async function listTroubledEndpoints(db: Db, { limit }: { limit: number }) {
  const rows = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      owner: users.email,
      failingSince: webhookEndpoints.failingSince,
      lastFailure: webhookEndpoints.lastFailure,
      disabledAt: webhookEndpoints.disabledAt,
      disabledReason: webhookEndpoints.disabledReason,
    })
    .from(webhookEndpoints)
    .innerJoin(users, eq(users.id, webhookEndpoints.userId))
    .where(or(isNotNull(webhookEndpoints.disabledAt), isNotNull(webhookEndpoints.failingSince)))
    .orderBy(desc(webhookEndpoints.disabledAt), webhookEndpoints.failingSince)
    .limit(limit);
  return rows.map((r) => ({ ...r, failingSince: r.failingSince?.toISOString() ?? null, disabledAt: r.disabledAt?.toISOString() ?? null }));
}
