// Health asks the storage route itself, over loopback, as a browser would: a route that
// refuses (as it did when it could not recognise a driver another bundle built) is "down".
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { LocalStorageDriver } from '@/lib/storage/local';
import { serveLocalStorage } from '@/lib/storage/local-serve';
import { probeStorageRoute } from './probe-storage-route';

let dataDir: string;
let server: http.Server;
let answer: 'serve' | 'refuse' = 'serve';
let storage: LocalStorageDriver;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'imagedock-probe-'));
  storage = new LocalStorageDriver({ root: path.join(dataDir, 'storage'), baseUrl: () => null, secret: 'x'.repeat(40) });
  // Stands in for the app: the real storage route logic, or the refusal the old bug gave.
  server = http.createServer(async (req, res) => {
    const url = `http://127.0.0.1${req.url}`;
    const key = new URL(url).pathname.replace(/^\/api\/storage\//, '');
    const response =
      answer === 'serve'
        ? await serveLocalStorage(new Request(url, { method: req.method }), key, storage)
        : new Response('<Error><Code>NoSuchBucket</Code></Error>', { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) Readable.fromWeb(response.body as never).pipe(res);
    else res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, { PORT: String((server.address() as AddressInfo).port), DATA_DIR: dataDir, BETTER_AUTH_SECRET: 'x'.repeat(40) });
  delete process.env.APP_URL;
  resetEnvCache();
});
afterAll(async () => {
  server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the storage route probe', () => {
  it('passes when the route serves the signed probe object', async () => {
    answer = 'serve';
    await expect(probeStorageRoute(storage, new AbortController().signal)).resolves.toBeUndefined();
  });

  it('fails, naming the answer, when the route refuses', async () => {
    answer = 'refuse';
    await expect(probeStorageRoute(storage, new AbortController().signal)).rejects.toThrow(/storage route answered 404/);
  });

  it('writes the probe again after it was removed', async () => {
    answer = 'serve';
    await probeStorageRoute(storage, new AbortController().signal);
    await storage.deleteMany(['health/probe.txt']);
    await expect(probeStorageRoute(storage, new AbortController().signal)).rejects.toThrow(/404/);
    await expect(probeStorageRoute(storage, new AbortController().signal)).resolves.toBeUndefined();
  });
});
