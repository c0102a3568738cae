// Starts the built app (`next start`) as a child process on a free port, configured for one
// database and one storage driver, and waits until /api/health answers 200.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { freePort } from './ports';
import { createPostgresDatabase, type DatabaseKind } from './databases';
import { createTestBucket, s3Env, type S3Config } from './s3-buckets';

export type { S3Config } from './s3-buckets';

export interface AppOptions {
  database: DatabaseKind;
  storage: 'local' | 's3';
  pgAdminUrl?: string | null;
  s3?: S3Config | null;
  /** false: the app's fresh bucket gets no CORS rule (a deployment that forgot it). */
  bucketCors?: boolean;
  /** Reuse an existing database URL (e.g. two instances on one PostgreSQL). */
  databaseUrl?: string;
  /** Reuse an existing data folder (a restart of a stopped app); it is left in place on stop. */
  dataDir?: string;
  env?: Record<string, string>;
  /**
   * `null`: APP_URL unset, as a fresh `npm start` runs (embedded mode only); the app is then
   * reached at http://127.0.0.1:PORT. Default: http://localhost:PORT.
   */
  appUrl?: string | null | ((port: number) => string);
  /**
   * `health` (default) waits until /api/health answers 200. `listening` waits only for the
   * port, sending no request at all: the first request is the test's, as a person's would be.
   */
  ready?: 'health' | 'listening';
  /** Write down the first request each server process sees, for `firstRequest()`. */
  recordFirstRequest?: boolean;
}

/** The first request a server process saw: a browser's page load is GET, navigate, document. */
interface FirstRequest {
  method: string;
  url: string;
  /** Sec-Fetch-Mode and Sec-Fetch-Dest: sent by browsers; Node's fetch says `cors`, Playwright's API client nothing. */
  mode: string | null;
  dest: string | null;
}

export interface RunningApp {
  url: string;
  port: number;
  env: Record<string, string>;
  dataDir: string;
  databaseUrl?: string;
  process: ChildProcess;
  output(): string;
  /** The current process's first request (with `recordFirstRequest`); null while it has had none. */
  firstRequest(): FirstRequest | null;
  /** Stops the server, keeping its data (stop() removes it). */
  halt(): Promise<void>;
  /** Starts the same server again on the same port, data and configuration: a cold start. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

// Loaded into the server with --require: notes the first request the process sees, once.
const FIRST_REQUEST_PRELOAD = `const http = require('node:http');
const fs = require('node:fs');
const emit = http.Server.prototype.emit;
let seen = false;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === 'request' && !seen) {
    seen = true;
    const h = req.headers;
    fs.writeFileSync(process.env.IMAGEDOCK_FIRST_REQUEST_FILE, JSON.stringify({ method: req.method, url: req.url, mode: h['sec-fetch-mode'] ?? null, dest: h['sec-fetch-dest'] ?? null }));
  }
  return emit.call(this, event, req, ...rest);
};
`;

/** A folder with the preload and where it writes; the env that loads it. */
function firstRequestProbe() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-first-request-'));
  const preload = path.join(dir, 'preload.cjs');
  writeFileSync(preload, FIRST_REQUEST_PRELOAD);
  const record = path.join(dir, 'first-request.json');
  return { dir, record, env: { NODE_OPTIONS: `--require ${preload}`, IMAGEDOCK_FIRST_REQUEST_FILE: record } };
}

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'imagedock-app-'));
  let databaseUrl = options.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (options.database === 'postgres' && !databaseUrl) {
    if (!options.pgAdminUrl) throw new Error('PostgreSQL is not available in this run');
    const created = await createPostgresDatabase(options.pgAdminUrl);
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const probe = options.recordFirstRequest ? firstRequestProbe() : null;
  const env: Record<string, string> = {
    ...probe?.env,
    MALLOC_ARENA_MAX: '2', // as `npm start` runs the server (scripts/start.ts)
    PORT: String(port),
    ...(options.appUrl === null
      ? {}
      : { APP_URL: typeof options.appUrl === 'function' ? options.appUrl(port) : (options.appUrl ?? `http://localhost:${port}`) }),
    DATA_DIR: dataDir,
    BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
    CRON_SECRET: 'test-cron-secret-0123456789',
    PAYMENT_WEBHOOK_SECRET: 'whsec_test_0123456789abcdef',
    // Test deployments take the free test checkout on PostgreSQL too (a staging setup);
    // a suite proving the gate passes ALLOW_TEST_CHECKOUT: '' to turn it off.
    ALLOW_TEST_CHECKOUT: 'true',
    IMAGE_URL_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
    // Lets a test's IMAGEDOCK_FAILPOINTS act (lib/faults.ts); nothing outside the harness sets it.
    IMAGEDOCK_TEST_HARNESS: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(options.storage === 's3' ? bucketEnv(options.s3 ? await createTestBucket(options.s3, { cors: options.bucketCors }) : null) : {}),
    ...options.env,
  };
  let output = '';
  const spawnServer = () => {
    if (probe) rmSync(probe.record, { force: true }); // a new process: its own first request
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    return child;
  };
  const halt = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const ready = options.ready ?? 'health';
  const app: RunningApp = {
    // Where tests reach it: APP_URL when it is this server's own http address; an https APP_URL
    // names a public origin the tests cannot reach, so the socket's address instead.
    url: env.APP_URL?.startsWith('http://') ? env.APP_URL : env.APP_URL ? `http://localhost:${port}` : `http://127.0.0.1:${port}`,
    port,
    env,
    dataDir,
    databaseUrl,
    process: spawnServer(),
    output: () => output,
    firstRequest: () => (probe && existsSync(probe.record) ? (JSON.parse(readFileSync(probe.record, 'utf8')) as FirstRequest) : null),
    halt: () => halt(app.process),
    async restart() {
      await halt(app.process);
      app.process = spawnServer();
      await waitUntilReady(app, ready);
    },
    async stop() {
      await halt(app.process);
      await dropDatabase?.().catch(() => {});
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (probe) rmSync(probe.dir, { recursive: true, force: true });
    },
  };
  await waitUntilReady(app, ready);
  return app;
}

function bucketEnv(s3: S3Config | null | undefined): Record<string, string> {
  if (!s3) throw new Error('Ceph RGW (the S3 test server) is not available in this run');
  return s3Env(s3);
}

async function waitUntilReady(app: RunningApp, ready: 'health' | 'listening') {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw new Error(`app exited with ${app.process.exitCode}:\n${app.output()}`);
    if (ready === 'listening' ? await isListening(app.port) : await isHealthy(app.url)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  await app.stop();
  throw new Error(`app did not become ${ready === 'health' ? 'healthy' : 'reachable'} in 60 s:\n${app.output()}`);
}

async function isHealthy(url: string) {
  try {
    return (await fetch(`${url}/api/health`)).status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** A TCP connect and close: no HTTP request reaches the server. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A driver onto the same storage the app uses, to look at and plant objects directly. */
export async function storageOf(app: RunningApp) {
  if (!app.env.S3_BUCKET) {
    const { LocalStorageDriver } = await import('@/lib/storage/local');
    return new LocalStorageDriver({ root: path.join(app.dataDir, 'storage'), baseUrl: app.url, secret: app.env.BETTER_AUTH_SECRET });
  }
  const { S3StorageDriver } = await import('@/lib/storage/s3');
  return new S3StorageDriver({
    endpoint: app.env.S3_ENDPOINT,
    region: app.env.S3_REGION,
    bucket: app.env.S3_BUCKET,
    accessKeyId: app.env.S3_ACCESS_KEY_ID,
    secretAccessKey: app.env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: true,
  });
}

export const APP_CONFIGS = [
  { name: 'PGlite + local disk', database: 'pglite', storage: 'local' },
  { name: 'PostgreSQL + S3', database: 'postgres', storage: 's3' },
] as const;
