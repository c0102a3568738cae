// Liveness of the two dependencies, each bounded by a timeout so a hung one reads as down.
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { log } from '@/lib/log';
import { probeStorageRoute } from './probe-storage-route';

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

export async function checkHealth() {
  const [database, storage] = await Promise.all([
    probe('database', async () => (await getDb()).execute(sql`select 1`)),
    probe('storage', async (signal) => {
      await getStorage().ping();
      await probeStorageRoute(getStorage(), signal);
    }),
  ]);
  const healthy = database === 'ok' && storage === 'ok';
  return { healthy, body: { status: healthy ? 'ok' : 'unavailable', checks: { database, storage } } };
}
