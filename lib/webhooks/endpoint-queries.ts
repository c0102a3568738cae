// A user's endpoints, always scoped to the owner: another user's id is a 404. The secret
// never leaves here except from create and rotate.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { webhookEndpoints, type WebhookEndpointRow } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';

type EndpointRef = { userId: string; endpointId: string };

export function toEndpointDto(row: WebhookEndpointRow) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    createdAt: row.createdAt.toISOString(),
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince?.toISOString() ?? null,
    lastFailure: row.lastFailure,
    previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil > new Date() ? row.previousSecretUntil.toISOString() : null,
  };
}

export async function findEndpoint(db: Db, { userId, endpointId }: EndpointRef): Promise<WebhookEndpointRow> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.userId, userId)));
  if (!row) throw new AppError('not_found', 'Webhook endpoint not found');
  return row;
}

export async function listEndpoints(db: Db, { userId }: { userId: string }) {
  const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.userId, userId)).orderBy(desc(webhookEndpoints.createdAt));
  return { items: rows.map(toEndpointDto) };
}

export async function deleteEndpoint(db: Db, ref: EndpointRef) {
  const [row] = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, ref.endpointId), eq(webhookEndpoints.userId, ref.userId)))
    .returning({ id: webhookEndpoints.id });
  if (!row) throw new AppError('not_found', 'Webhook endpoint not found');
}

/** Turns a disabled endpoint back on; its failed deliveries stay failed until retried. */
export async function enableEndpoint(db: Db, ref: EndpointRef) {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ disabledAt: null, disabledReason: null, failingSince: null, lastFailure: null, updatedAt: new Date() })
    .where(and(eq(webhookEndpoints.id, ref.endpointId), eq(webhookEndpoints.userId, ref.userId)))
    .returning();
  if (!row) throw new AppError('not_found', 'Webhook endpoint not found');
  return toEndpointDto(row);
}
