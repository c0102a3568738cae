// Server start: validate the configuration and open + migrate the database. If either fails
// the process exits, because a server that keeps listening would answer 500 to everything.
import { EnvError, loadEnv } from '@/lib/env';
import { getDatabase } from '@/lib/db/client';
import { startDispatcher } from '@/lib/webhooks/dispatcher';

export async function boot() {
  try {
    loadEnv();
    const { db } = await getDatabase();
    startDispatcher(db); // outbound webhooks: delivered by every instance
  } catch (err) {
    console.error(err instanceof EnvError ? err.message : `imagedock could not start: ${(err as Error).message}`);
    process.exit(1);
  }
}
