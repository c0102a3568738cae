// API keys are better-auth's (stored hashed); listing and revoking are plain owner-scoped
// queries so another user's key id is a 404 and a revoked key stops working at once.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';
import { getAuth } from '@/lib/auth/auth';
import { AppError } from '@/lib/http/errors';

export async function createApiKey({ userId, name }: { userId: string; name: string }) {
  const auth = await getAuth();
  const created = await auth.api.createApiKey({ body: { name, userId } });
  return { id: created.id, key: created.key };
}

export async function listApiKeys(db: Db, { userId }: { userId: string }) {
  const rows = await db
    .select({ id: apiKeys.id, name: apiKeys.name, start: apiKeys.start, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastRequest })
    .from(apiKeys)
    .where(eq(apiKeys.referenceId, userId))
    .orderBy(desc(apiKeys.createdAt));
  return { items: rows };
}

export async function revokeApiKey(db: Db, { userId, keyId }: { userId: string; keyId: string }) {
  const deleted = await db
    .delete(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.referenceId, userId)))
    .returning({ id: apiKeys.id });
  if (deleted.length === 0) throw new AppError('not_found', 'API key not found');
}
