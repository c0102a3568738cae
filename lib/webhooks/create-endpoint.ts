import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { assertSafeDestination } from './safe-destination';
import { newWebhookSecret } from './sign-payload';
import { ADMIN_EVENT_TYPES } from './schemas';
import { toEndpointDto } from './endpoint-queries';

const MAX_ENDPOINTS_PER_USER = 20;

/** A new endpoint; its secret is in this answer and nowhere else. */
export async function createEndpoint(db: Db, input: { userId: string; isAdmin: boolean; url: string; events: string[] }) {
  if (!input.isAdmin && input.events.some((e) => ADMIN_EVENT_TYPES.includes(e))) {
    throw new AppError('forbidden', `Only admins can subscribe to ${ADMIN_EVENT_TYPES.join(', ')}`);
  }
  const url = await assertSafeDestination(input.url, env().WEBHOOK_ALLOW_PRIVATE);
  const count = await db.$count(webhookEndpoints, eq(webhookEndpoints.userId, input.userId));
  if (count >= MAX_ENDPOINTS_PER_USER) throw new AppError('conflict', `At most ${MAX_ENDPOINTS_PER_USER} webhook endpoints per user`);
  const secret = newWebhookSecret();
  const [row] = await db.insert(webhookEndpoints).values({ userId: input.userId, url: url.href, events: input.events, secret }).returning();
  return { ...toEndpointDto(row), secret };
}
