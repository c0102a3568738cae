import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { newWebhookSecret } from './sign-payload';
import { toEndpointDto } from './endpoint-queries';

const ROTATION_OVERLAP_HOURS = 24;

/**
 * A new secret, shown once. The one it replaces keeps signing beside it for 24 h, so a
 * receiver can switch over without losing a delivery (both signatures are sent).
 */
export async function rotateSecret(db: Db, { userId, endpointId }: { userId: string; endpointId: string }) {
  const secret = newWebhookSecret();
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      previousSecret: sql`${webhookEndpoints.secret}`,
      previousSecretUntil: sql`now() + make_interval(hours => ${ROTATION_OVERLAP_HOURS})`,
      secret,
      updatedAt: new Date(),
    })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.userId, userId)))
    .returning();
  if (!row) throw new AppError('not_found', 'Webhook endpoint not found');
  return { ...toEndpointDto(row), secret };
}
