// A real S3-compatible server for tests: @20minutes/s3rver in a child process (it needs
// `--openssl-legacy-provider`, which must not leak into the test process), on loopback,
// in a fresh folder, with one bucket whose CORS rule lets a browser PUT. Unlike plain
// s3rver it checks presigned-URL signatures; see s3-server-child.mjs for the fixes.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface S3Server {
  /** `http://127.0.0.1:PORT`: signatures cover Host, so always use exactly this. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  stop(): Promise<void>;
}

const CHILD = path.join(import.meta.dirname, 's3-server-child.mjs');
const START_TIMEOUT_MS = 20_000;

export async function startS3Server(): Promise<S3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'imagedock-s3-'));
  const bucket = 'imagedock-test';
  const child = fork(CHILD, [directory, bucket], {
    execArgv: ['--openssl-legacy-provider'],
    // The child must not inherit loaders (tsx, vitest) or their NODE_OPTIONS.
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let port: number;
  try {
    port = await waitForPort(child, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    // s3rver's built-in account.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    region: 'us-east-1',
    stop: async () => {
      await stopChild(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function waitForPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`S3 server did not start in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(new Error(`${err.message}${stderr() ? `\n${stderr()}` : ''}`));
    };
    child.once('message', (message: { port?: number }) => {
      clearTimeout(timer);
      if (typeof message?.port === 'number') resolve(message.port);
      else fail(new Error('S3 server sent an unexpected start message'));
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`S3 server exited during start (code ${code}, signal ${signal})`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send('stop');
    else child.kill('SIGTERM');
  });
}
