// Server start: validate the configuration and open + migrate the database. If either fails
// the process exits, because a server that keeps listening would answer 500 to everything.
import { EnvError, loadEnv } from '@/lib/env';
import { getDatabase } from '@/lib/db/client';
import { installClientAddressStamp } from '@/lib/auth/client-address';
import { reportMailMode } from '@/lib/auth/send-mail';

export async function boot() {
  try {
    const config = loadEnv();
    // Before any request reaches a handler: the client address comes from the socket.
    installClientAddressStamp(config.TRUST_PROXY);
    await getDatabase();
    reportMailMode();
  } catch (err) {
    console.error(err instanceof EnvError ? err.message : `imagedock could not start: ${(err as Error).message}`);
    process.exit(1);
  }
}
