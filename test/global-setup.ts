// Starts each shared server once per test run and hands the addresses to every test file.
// With CI=true a missing PostgreSQL or S3 server fails the run instead of skipping.
import 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './infra/postgres';
import { startS3Server } from './infra/s3';

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
  const [pg, s3] = await Promise.all([
    startPostgresCluster().catch((err: Error) => {
      if (strict) throw err;
      console.warn(`PostgreSQL tests will not run: ${err.message}`);
      return null;
    }),
    startS3Server().catch((err: Error) => {
      if (strict) throw err;
      console.warn(`S3 tests will not run: ${err.message}`);
      return null;
    }),
  ]);
  if (pg) stops.push(pg.stop);
  if (s3) stops.push(s3.stop);
  project.provide('pgAdminUrl', pg?.adminUrl ?? null);
  project.provide('s3', s3 ? { endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region } : null);
  return async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
  };
}
