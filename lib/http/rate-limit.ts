// Per-user limits on the service routes (route option `rateLimit: 'service'`), counted in the
// database so every instance shares them. Each kind of caller has its own bucket: a service's
// API key spends SERVICE_RATE_LIMIT_PER_MINUTE, the person in the gallery (session cookie)
// spends SESSION_RATE_LIMIT_PER_MINUTE, and neither eats into the other.
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { AppError } from './errors';

export type RateLimitOption = 'service';
type Bucket = 'svc' | 'web';

const WINDOW_SECONDS = 60;
const holder = globalThis as unknown as { __imagedockLimiters?: Map<Bucket, Promise<RateLimiterDrizzle>> };

function limitOf(bucket: Bucket) {
  return bucket === 'svc' ? env().SERVICE_RATE_LIMIT_PER_MINUTE : env().SESSION_RATE_LIMIT_PER_MINUTE;
}

function limiter(bucket: Bucket) {
  holder.__imagedockLimiters ??= new Map();
  let made = holder.__imagedockLimiters.get(bucket);
  if (!made) {
    made = getDb().then(
      (db) =>
        new RateLimiterDrizzle({
          storeClient: db,
          schema: rateLimits,
          keyPrefix: bucket,
          points: limitOf(bucket),
          duration: WINDOW_SECONDS,
        }),
    );
    holder.__imagedockLimiters.set(bucket, made);
  }
  return made;
}

function headersOf(res: RateLimiterRes, limit: number): Record<string, string> {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, res.remainingPoints)),
    'RateLimit-Reset': String(Math.ceil(res.msBeforeNext / 1000)),
  };
}

/** Counts one request in the caller's bucket; throws 429 past the limit. Returns the headers every answer carries. */
export async function consumeRateLimit(caller: { id: string; via: 'session' | 'apiKey' }): Promise<Record<string, string>> {
  const bucket: Bucket = caller.via === 'apiKey' ? 'svc' : 'web';
  const limit = limitOf(bucket);
  try {
    return headersOf(await (await limiter(bucket)).consume(caller.id), limit);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    // The error mapper turns these details into Retry-After and the RateLimit-* headers.
    throw new AppError('rate_limited', `Too many requests: at most ${limit} a minute`, { limit, retryAfterSeconds: Math.ceil(err.msBeforeNext / 1000) });
  }
}
