// Verifies a service's API key on every POST /api/images, so it is on the hot path.
// better-auth's verifyApiKey writes the key's row twice per call (last request, updated at):
// two commits per service request. Keys made here carry no quota, expiry or per-key limit
// (services are limited per user in lib/http/rate-limit.ts), so such a key takes one read,
// and its last use is written at most once a minute. Any other key goes through better-auth.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { defaultKeyHasher } from '@better-auth/api-key';
import type { Db } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';
import { getAuth } from '@/lib/auth/auth';

const LAST_USED_PRECISION_MS = 60_000;

/** The key's owner, or null for an unknown, disabled, expired or used-up key. */
export async function verifyApiKey(db: Db, key: string): Promise<{ userId: string } | null> {
  const hashed = await defaultKeyHasher(key);
  const [row] = await db
    .select({
      id: apiKeys.id,
      userId: apiKeys.referenceId,
      enabled: apiKeys.enabled,
      remaining: apiKeys.remaining,
      expiresAt: apiKeys.expiresAt,
      lastRequest: apiKeys.lastRequest,
    })
    .from(apiKeys)
    .where(eq(apiKeys.key, hashed))
    .limit(1);
  if (!row) return null;
  if (row.remaining !== null || row.expiresAt !== null || row.enabled === false) return viaBetterAuth(key);
  const now = Date.now();
  if (!row.lastRequest || now - row.lastRequest.getTime() >= LAST_USED_PRECISION_MS) {
    const staleBefore = new Date(now - LAST_USED_PRECISION_MS);
    await db
      .update(apiKeys)
      .set({ lastRequest: new Date(now) })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastRequest), lt(apiKeys.lastRequest, staleBefore))));
  }
  return { userId: row.userId };
}

async function viaBetterAuth(key: string) {
  const auth = await getAuth();
  const result = await auth.api.verifyApiKey({ body: { key } });
  return result.valid && result.key ? { userId: result.key.referenceId } : null;
}
