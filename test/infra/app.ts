// Starts the built app (`next start`) as a child process on a free port, configured for one
// database and one storage driver, and waits until /api/health answers 200.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { freePort } from './ports';
import { createPostgresDatabase, type DatabaseKind } from './databases';
import { createTestBucket } from './s3-buckets';

export interface S3Config { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string }

export interface AppOptions {
  database: DatabaseKind;
  storage: 'local' | 's3';
  pgAdminUrl?: string | null;
  s3?: S3Config | null;
  /** Reuse an existing database URL (e.g. two instances on one PostgreSQL). */
  databaseUrl?: string;
  env?: Record<string, string>;
}

export interface RunningApp {
  url: string;
  port: number;
  env: Record<string, string>;
  dataDir: string;
  databaseUrl?: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-app-'));
  let databaseUrl = options.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (options.database === 'postgres' && !databaseUrl) {
    if (!options.pgAdminUrl) throw new Error('PostgreSQL is not available in this run');
    const created = await createPostgresDatabase(options.pgAdminUrl);
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const env: Record<string, string> = {
    MALLOC_ARENA_MAX: '2', // as `npm start` runs the server (scripts/start.ts)
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
    CRON_SECRET: 'test-cron-secret-0123456789',
    PAYMENT_WEBHOOK_SECRET: 'whsec_test_0123456789abcdef',
    IMAGE_URL_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(options.storage === 's3' ? s3Env(options.s3 ? await createTestBucket(options.s3) : null) : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = env.APP_URL;
  const app: RunningApp = {
    url, port, env, dataDir, databaseUrl, process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await dropDatabase?.().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await waitForHealthy(app);
  return app;
}

function s3Env(s3: S3Config | null | undefined): Record<string, string> {
  if (!s3) throw new Error('The S3 test server is not available in this run');
  return {
    S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: 'true',
  };
}

async function waitForHealthy(app: RunningApp) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw new Error(`app exited with ${app.process.exitCode}:\n${app.output()}`);
    try {
      const res = await fetch(`${app.url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await app.stop();
  throw new Error(`app did not become healthy in 60 s:\n${app.output()}`);
}

/** A driver onto the same storage the app uses, to look at and plant objects directly. */
export async function storageOf(app: RunningApp) {
  if (!app.env.S3_BUCKET) {
    const { LocalStorageDriver } = await import('@/lib/storage/local');
    return new LocalStorageDriver({ root: path.join(app.dataDir, 'storage'), baseUrl: app.url, secret: app.env.BETTER_AUTH_SECRET });
  }
  const { S3StorageDriver } = await import('@/lib/storage/s3');
  return new S3StorageDriver({
    endpoint: app.env.S3_ENDPOINT, region: app.env.S3_REGION, bucket: app.env.S3_BUCKET,
    accessKeyId: app.env.S3_ACCESS_KEY_ID, secretAccessKey: app.env.S3_SECRET_ACCESS_KEY, forcePathStyle: true,
  });
}

export const APP_CONFIGS = [
  { name: 'PGlite + local disk', database: 'pglite', storage: 'local' },
  { name: 'PostgreSQL + S3', database: 'postgres', storage: 's3' },
] as const;
