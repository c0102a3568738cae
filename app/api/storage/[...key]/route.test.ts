// The route wiring: env → getStorage() → serveLocalStorage, with Next's params shape.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { getStorage } from '@/lib/storage/select';
import { GET, HEAD, PUT } from './route';

let dataDir: string;
const context = (key: string) => ({ params: Promise.resolve({ key: key.split('/') }) });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'imagedock-route-'));
  for (const name of Object.keys(process.env)) if (name.startsWith('S3_') || name === 'DATABASE_URL') delete process.env[name];
  Object.assign(process.env, { DATA_DIR: dataDir, APP_URL: 'http://localhost:3999', BETTER_AUTH_SECRET: 'x'.repeat(40) });
  resetEnvCache();
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('uploads through a signed PUT and serves it back through a signed GET', async () => {
  const storage = getStorage();
  expect(storage.kind).toBe('local');
  const key = 'temp/sess_1_a/1-a.png';
  const put = await storage.presignPut({ key, contentType: 'image/png', contentLength: 4, expiresIn: 60 });
  expect(put.url.startsWith('http://localhost:3999/api/storage/temp/sess_1_a/1-a.png?')).toBe(true);
  const body = Buffer.from('\x89PNG', 'latin1');
  const headers = { ...put.headers, 'Content-Length': '4' };
  const stored = await PUT(new Request(put.url, { method: 'PUT', headers, body, duplex: 'half' } as RequestInit), context(key));
  expect(stored.status).toBe(200);
  expect(await storage.head(key)).toMatchObject({ size: 4, contentType: 'image/png' });

  const url = await storage.presignGet({ key, expiresIn: 60 });
  const got = await GET(new Request(url), context(key));
  expect(got.status).toBe(200);
  expect(got.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await got.arrayBuffer()).equals(body)).toBe(true);
  expect((await HEAD(new Request(url, { method: 'HEAD' }), context(key))).status).toBe(200);
  expect((await GET(new Request(url), context('temp/sess_1_a/other.png'))).status).toBe(403);
});

it('is counted in the request metrics under /api/storage/*, whatever it answers', async () => {
  const { metrics } = await import('@/lib/metrics/metrics');
  const count = async (status: number) =>
    (await metrics().httpRequests.get()).values.find((v) => v.labels.route === '/api/storage/*' && v.labels.method === 'GET' && v.labels.status === status)
      ?.value ?? 0;
  const [ok, refused] = [await count(200), await count(403)];
  const key = 'temp/sess_1_a/2-b.png';
  await getStorage().put({ key, body: Buffer.from('\x89PNG', 'latin1'), contentType: 'image/png' });
  const url = await getStorage().presignGet({ key, expiresIn: 60 });
  expect((await GET(new Request(url), context(key))).status).toBe(200);
  expect((await GET(new Request(url), context('temp/sess_1_a/other.png'))).status).toBe(403);
  expect([await count(200), await count(403)]).toEqual([ok + 1, refused + 1]);
});
