// Server start: validate the configuration and open + migrate the database. If either fails
// the process exits, because a server that keeps listening would answer 500 to everything.
// In S3 mode the bucket's CORS is checked too, as a warning.
import { EnvError, assertServable, env, loadEnv } from '@/lib/env';
import { getDatabase } from '@/lib/db/client';
import { log } from '@/lib/log';
import { installClientAddressStamp } from '@/lib/auth/client-address';
import { reportMailMode } from '@/lib/auth/send-mail';
import { startDispatcher } from '@/lib/webhooks/dispatcher';

export async function boot() {
  try {
    const config = assertServable(loadEnv());
    if (config.failurePoints.length > 0) {
      log.warn({ failurePoints: config.IMAGEDOCK_FAILPOINTS }, `failure points active (test harness): ${config.IMAGEDOCK_FAILPOINTS}`);
    }
    // Before any request reaches a handler: the client address comes from the socket.
    installClientAddressStamp(config.TRUST_PROXY);
    const { db } = await getDatabase();
    startDispatcher(db); // outbound webhooks: delivered by every instance
    reportMailMode();
  } catch (err) {
    console.error(err instanceof EnvError ? err.message : `imagedock could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  // Not awaited and never fatal: a bucket without the browser CORS rule breaks uploads, not
  // the server, so it is a warning in the log (and on /admin and in health), not a refusal.
  if (env().storageMode === 's3') {
    void import('@/lib/health/bucket-cors').then((m) => m.warnAboutBucketCors()).catch(() => undefined);
  }
}
