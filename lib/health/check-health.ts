// Liveness of the two dependencies, each bounded by a timeout so a hung one reads as down;
// in S3 mode also whether the bucket's CORS lets browsers upload (check-cors.ts).
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { log } from '@/lib/log';
import { probeStorageRoute } from './probe-storage-route';
import { bucketCors } from './bucket-cors';

const CHECK_TIMEOUT_MS = 3000;

type CheckResult = 'ok' | 'down';

async function probe(name: string, check: (signal: AbortSignal) => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const aborted = new AbortController();
  try {
    await Promise.race([
      check(aborted.signal),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name} check timed out`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (err) {
    log.warn({ err, check: name }, 'health check failed');
    return 'down';
  } finally {
    clearTimeout(timer);
    aborted.abort();
  }
}

/**
 * A bucket whose CORS is wrong breaks browser uploads but nothing the server does: `cors` is
 * reported ('misconfigured', with `warnings`; 'unknown' while the bucket does not answer), yet
 * the status stays 200, since taking every instance out of a load balancer would not fix a
 * bucket setting. Only in S3 mode.
 */
export async function checkHealth() {
  const [database, storage, cors] = await Promise.all([
    probe('database', async () => (await getDb()).execute(sql`select 1`)),
    probe('storage', async (signal) => {
      await getStorage().ping();
      await probeStorageRoute(getStorage(), signal);
    }),
    bucketCors(),
  ]);
  const healthy = database === 'ok' && storage === 'ok';
  // The verdict is cached for a minute: with the bucket unreachable now, it is not vouched for.
  const corsState = cors && (storage === 'down' ? 'unknown' : cors.state);
  const checks = corsState ? { database, storage, cors: corsState } : { database, storage };
  const warnings = cors && corsState === 'misconfigured' ? cors.problems.map((p) => `Bucket CORS: ${p} (the rule to apply is on /admin)`) : [];
  return {
    healthy,
    cors: cors && corsState ? { ...cors, state: corsState } : null,
    body: { status: healthy ? 'ok' : 'unavailable', checks, ...(warnings.length > 0 ? { warnings } : {}) },
  };
}
