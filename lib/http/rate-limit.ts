// Per-user limit on the service routes, counted in the database so every instance shares it.
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/lib/db/client';
import { rateLimits } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { AppError } from './errors';

const WINDOW_SECONDS = 60;
const holder = globalThis as unknown as { __imagedockLimiter?: Promise<RateLimiterDrizzle> };

function limiter() {
  holder.__imagedockLimiter ??= getDb().then((db) => new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: 'svc',
    points: env().SERVICE_RATE_LIMIT_PER_MINUTE,
    duration: WINDOW_SECONDS,
  }));
  return holder.__imagedockLimiter;
}

function headersOf(res: RateLimiterRes, limit: number): Record<string, string> {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, res.remainingPoints)),
    'RateLimit-Reset': String(Math.ceil(res.msBeforeNext / 1000)),
  };
}

/** Counts one request for the user; throws 429 past the limit. Returns the headers every answer carries. */
export async function consumeRateLimit(userId: string): Promise<Record<string, string>> {
  const limit = env().SERVICE_RATE_LIMIT_PER_MINUTE;
  try {
    return headersOf(await (await limiter()).consume(userId), limit);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const headers = headersOf(err, limit);
    throw new AppError('rate_limited', `Too many requests: at most ${limit} a minute`, { limit, retryAfterSeconds: Number(headers['RateLimit-Reset']) }, {
      ...headers,
      'Retry-After': String(Math.max(1, Number(headers['RateLimit-Reset']))),
    });
  }
}
