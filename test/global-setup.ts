// Starts each shared server once per test run (PostgreSQL, Ceph RGW) and hands the addresses
// to every test file. With CI=true a missing PostgreSQL or S3 server fails the run instead of
// skipping. They are stopped at teardown, and also if vitest is interrupted or dies.
import 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './infra/postgres';
import { startS3Server } from './infra/s3';
import { stopOnExit } from './infra/stop-on-exit';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string } | null;
  }
}

export default async function setup(project: TestProject) {
  const strict = process.env.CI === 'true';
  const stops: (() => Promise<void>)[] = [];
  // scripts/test.ts starts both once for every runner and passes them down.
  if (process.env.TEST_PG_ADMIN_URL !== undefined || process.env.TEST_S3_JSON !== undefined) {
    project.provide('pgAdminUrl', process.env.TEST_PG_ADMIN_URL || null);
    project.provide('s3', process.env.TEST_S3_JSON ? JSON.parse(process.env.TEST_S3_JSON) : null);
    return;
  }
  // Settled, not all(): when one fails in CI the other is still stopped before the throw.
  const [pgStart, s3Start] = await Promise.allSettled([startPostgresCluster(), startS3Server()]);
  const pg = pgStart.status === 'fulfilled' ? pgStart.value : null;
  const s3 = s3Start.status === 'fulfilled' ? s3Start.value : null;
  const failures = [
    ['PostgreSQL', pgStart],
    ['S3', s3Start],
  ] as const;
  for (const [name, start] of failures) {
    if (start.status === 'fulfilled') continue;
    if (strict) {
      await Promise.allSettled([pg?.stop(), s3?.stop()]);
      throw start.reason;
    }
    console.warn(`${name} tests will not run: ${(start.reason as Error).message}`);
  }
  if (pg) stops.push(pg.stop);
  if (s3) stops.push(s3.stop);
  // pg.stop() does its work synchronously before its promise settles.
  const unregister = stopOnExit(() => {
    s3?.stopSync();
    void pg?.stop().catch(() => {});
  });
  project.provide('pgAdminUrl', pg?.adminUrl ?? null);
  project.provide(
    's3',
    s3 ? { endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region } : null,
  );
  return async () => {
    unregister();
    await Promise.allSettled(stops.map((stop) => stop()));
  };
}
