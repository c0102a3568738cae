// Failed sign-ins per account, whatever address they come from: guessing one account's
// password from many addresses stops here. Counted in the database (rate-limiter-flexible)
// so every instance shares the count.
import { createHash } from 'node:crypto';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';

const ACCOUNT_FAILURES = 10;
const ACCOUNT_WINDOW_SECONDS = 15 * 60;

const holder = globalThis as unknown as { __imagedockAccountLimiter?: { db: Db; limiter: RateLimiterDrizzle } };

function limiter(db: Db) {
  if (holder.__imagedockAccountLimiter?.db !== db) {
    holder.__imagedockAccountLimiter = {
      db,
      limiter: new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimits,
        keyPrefix: 'signin-account',
        points: ACCOUNT_FAILURES,
        duration: ACCOUNT_WINDOW_SECONDS,
      }),
    };
  }
  return holder.__imagedockAccountLimiter.limiter;
}

// Hashed: the key is bounded whatever a client sends, and the table holds no addresses.
function accountKey(email: string) {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

export class AccountLockedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins for this account: try again in ${Math.ceil(retryAfterSeconds / 60)} min, or reset the password`);
  }
}

/**
 * Takes one attempt before the password is checked (so a burst of parallel guesses is
 * counted too); a successful sign-in gives it back. Throws AccountLockedError when spent.
 */
export async function claimSignInAttempt(db: Db, email: string) {
  try {
    await limiter(db).consume(accountKey(email));
  } catch (err) {
    if (err instanceof RateLimiterRes) throw new AccountLockedError(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
    throw err;
  }
}

export async function refundSignInAttempt(db: Db, email: string) {
  await limiter(db).reward(accountKey(email), 1);
}

/** A password reset proves the account is its owner's: earlier failures no longer count. */
export async function clearSignInAttempts(db: Db, email: string) {
  await limiter(db).delete(accountKey(email));
}
