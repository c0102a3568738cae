// Idempotency-Key (IETF draft semantics), per user, kept 24 h. The first request claims the
// key; a repeat with the same body replays the stored answer; a different body is 422; a
// repeat while the first still runs is 409. A claim left by a crash expires and is taken over.
import { createHash } from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '@/lib/db/types';
import { idempotencyKeys } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';

const KEEP_HOURS = 24;
const CLAIM_SECONDS = 60;

export type StoredAnswer = { status: number; body: unknown; replayed: boolean };
type Ref = { userId: string; key: string };

export function requestHash(rawBody: Buffer | string) {
  return createHash('sha256').update(rawBody).digest('hex');
}

/** Claims the key, or returns the stored answer to replay. */
export async function claimIdempotencyKey(db: Db, ref: Ref, hash: string): Promise<StoredAnswer | null> {
  const lockedUntil = sql`now() + make_interval(secs => ${CLAIM_SECONDS})`;
  const expiresAt = sql`now() + make_interval(hours => ${KEEP_HOURS})`;
  const mine = and(eq(idempotencyKeys.userId, ref.userId), eq(idempotencyKeys.key, ref.key));
  // Forgotten after 24 h: an expired record is as good as none.
  await db.delete(idempotencyKeys).where(and(mine, lt(idempotencyKeys.expiresAt, sql`now()`)));
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ userId: ref.userId, key: ref.key, requestHash: hash, state: 'running', lockedUntil, expiresAt })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return null;
  const [existing] = await db.select().from(idempotencyKeys).where(mine);
  if (!existing) return claimIdempotencyKey(db, ref, hash); // deleted between our statements
  if (existing.requestHash !== hash) throw new AppError('unprocessable', 'This Idempotency-Key was used with a different request body');
  if (existing.state === 'done') return { status: existing.responseStatus!, body: existing.responseBody, replayed: true };
  const takenOver = await db
    .update(idempotencyKeys)
    .set({ lockedUntil })
    .where(and(mine, eq(idempotencyKeys.state, 'running'), or(lt(idempotencyKeys.lockedUntil, sql`now()`))))
    .returning({ key: idempotencyKeys.key });
  if (takenOver.length > 0) return null;
  throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed');
}

/** Stores the answer in the caller's transaction, so it commits together with the work. */
export async function completeIdempotencyKey(tx: Executor, ref: Ref, answer: { status: number; body: unknown }) {
  await tx
    .update(idempotencyKeys)
    .set({ state: 'done', responseStatus: answer.status, responseBody: answer.body })
    .where(and(eq(idempotencyKeys.userId, ref.userId), eq(idempotencyKeys.key, ref.key)));
}

/** A request that failed before committing anything gives the key back for a clean retry. */
export async function releaseIdempotencyKey(db: Db, ref: Ref) {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, ref.userId), eq(idempotencyKeys.key, ref.key), eq(idempotencyKeys.state, 'running')));
}
