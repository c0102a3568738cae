// The bucket's CORS verdict for health, /admin and start-up, cached for a minute per process
// (health is polled every few seconds; the rule changes rarely). Kept on globalThis: Next
// evaluates modules once per route entry.
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { getStorage } from '@/lib/storage/select';
import { checkBucketCors, corsRuleFor, type CorsCheck } from '@/lib/storage/check-cors';

const TTL_MS = 60_000;

export type BucketCors = Omit<CorsCheck, 'ok'> & { state: 'ok' | 'misconfigured' | 'unknown' };

const cache = globalThis as unknown as { __imagedockCors?: { at: number; result: Promise<BucketCors | null> } };

/** null in local-storage mode. 'unknown' when the bucket did not answer (storage is then down). */
export function bucketCors(): Promise<BucketCors | null> {
  const cached = cache.__imagedockCors;
  if (cached && Date.now() - cached.at < TTL_MS) return cached.result;
  const result = evaluate();
  cache.__imagedockCors = { at: Date.now(), result };
  return result;
}

async function evaluate(): Promise<BucketCors | null> {
  const appUrl = env().APP_URL;
  if (!appUrl) return null; // embedded mode: local disk, no bucket (APP_URL is required with S3)
  try {
    const check = await checkBucketCors(getStorage(), appUrl);
    if (!check) return null;
    return { state: check.ok ? 'ok' : 'misconfigured', problems: check.problems, rule: check.rule };
  } catch (err) {
    // Not cached: the next look asks again once the bucket answers.
    cache.__imagedockCors = undefined;
    log.warn({ err }, 'bucket CORS check could not reach the bucket');
    return { state: 'unknown', problems: [`the bucket did not answer a preflight (${(err as Error).message})`], rule: corsRuleFor(new URL(appUrl).origin) };
  }
}

/** At start-up: a misconfigured bucket is logged once, loudly, with the rule that fixes it. */
export async function warnAboutBucketCors(): Promise<void> {
  const cors = await bucketCors();
  if (cors && cors.state !== 'ok') {
    log.warn(
      { problems: cors.problems, putBucketCors: cors.rule },
      'browser uploads will fail: the bucket CORS rules do not allow this app; apply putBucketCors (also shown on /admin)',
    );
  }
}
