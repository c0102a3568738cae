// Server start: validate the configuration and open + migrate the database. If either fails
// the process exits, because a server that keeps listening would answer 500 to everything.
import { EnvError, loadEnv } from '@/lib/env';
import { getDatabase } from '@/lib/db/client';
import { log } from '@/lib/log';

export async function boot() {
  try {
    const config = loadEnv();
    if (config.failurePoints.length > 0) {
      log.warn({ failurePoints: config.IMAGEDOCK_FAILPOINTS }, `failure points active (test harness): ${config.IMAGEDOCK_FAILPOINTS}`);
    }
    await getDatabase();
  } catch (err) {
    console.error(err instanceof EnvError ? err.message : `imagedock could not start: ${(err as Error).message}`);
    process.exit(1);
  }
}
