// The storage contract on local disk, its signed URLs served for real over HTTP by
// serveLocalStorage (as app/api/storage/[...key] does), plus what only this driver has:
// the byte counter, the on-disk layout, the injectable clock.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageContract } from './driver.contract';
import { LocalStorageDriver } from './local';
import { serveLocalStorage } from './local-serve';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

/** A node:http server that hands /api/storage/* to serveLocalStorage, like the route. */
async function serve(getDriver: () => LocalStorageDriver) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (!url.pathname.startsWith('/api/storage/')) return void res.writeHead(404).end();
      const key = url.pathname.slice('/api/storage/'.length).split('/').map(decodeURIComponent).join('/');
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(url, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([n, v]) => (v === undefined ? [] : [[n, String(v)] as [string, string]])),
        body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
        duplex: 'half',
      } as RequestInit & { duplex: 'half' });
      const response = await serveLocalStorage(request, key, getDriver());
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
      else res.end();
    } catch (err) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function makeLocal(now?: () => number) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'imagedock-storage-'));
  let driver!: LocalStorageDriver;
  const http = await serve(() => driver);
  driver = new LocalStorageDriver({ root, baseUrl: http.baseUrl, secret: SECRET, now });
  return {
    driver,
    root,
    cleanup: async () => {
      await http.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

storageContract('local', makeLocal);

describe('local storage driver', () => {
  let clock = Date.now();
  let local: Awaited<ReturnType<typeof makeLocal>>;
  beforeAll(async () => {
    local = await makeLocal(() => clock);
  });
  afterAll(() => local.cleanup());

  const signedPut = (key: string, length: number) => local.driver.presignPut({ key, contentType: 'image/png', contentLength: length, expiresIn: 60 });
  const streamOf = (...chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(Buffer.from(chunk));
        controller.close();
      },
    });

  it.each([
    ['longer', ['0123456789', 'extra bytes']],
    ['shorter', ['01234']],
  ])('a body %s than the signed Content-Length is refused and nothing is written', async (label, chunks) => {
    const key = `counter/${label}.png`;
    const { url } = await signedPut(key, 10);
    // Web Requests (unlike HTTP/1.1 framing) can carry a body that disagrees with its header.
    const request = new Request(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png', 'Content-Length': '10' },
      body: streamOf(...chunks),
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    const response = await serveLocalStorage(request, key, local.driver);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>IncompleteBody</Code>');
    expect(await local.driver.head(key)).toBeNull();
    expect(await readdir(path.join(local.root, 'counter')).catch(() => [])).toEqual([]);
  });

  it('expiry follows the injected clock, and Cache-Control counts down to it', async () => {
    await local.driver.put({ key: 'clock/a.png', body: Buffer.from('png'), contentType: 'image/png' });
    const url = await local.driver.presignGet({ key: 'clock/a.png', expiresIn: 100 });
    clock += 40_000;
    const fresh = await fetch(url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('cache-control')).toBe('private, max-age=60');
    expect(fresh.headers.get('x-content-type-options')).toBe('nosniff');
    expect(fresh.headers.get('content-disposition')).toBe('inline');
    clock += 61_000;
    const stale = await fetch(url);
    expect(stale.status).toBe(403);
    expect(await stale.text()).toContain('Request has expired');
  });

  it('HEAD answers a download URL without a body; If-None-Match gets 304', async () => {
    await local.driver.put({ key: 'head/a.png', body: Buffer.from('png!'), contentType: 'image/png' });
    const url = await local.driver.presignGet({ key: 'head/a.png', expiresIn: 60 });
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('4');
    const etag = head.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('sidecars, temp files and foreign names never show up as objects', async () => {
    await local.driver.put({ key: 'layout/a.png', body: Buffer.from('a'), contentType: 'image/png' });
    await writeFile(path.join(local.root, 'layout', 'b.png~tmp-123'), 'partial');
    await writeFile(path.join(local.root, 'layout', 'not a key.png'), 'x');
    const page = await local.driver.list('layout/');
    expect(page.objects.map((o) => o.key)).toEqual(['layout/a.png']);
  });

  it('a stale sidecar is detected: the ETag is recomputed from the bytes', async () => {
    await local.driver.put({ key: 'stale/a.txt', body: Buffer.from('first'), contentType: 'text/plain' });
    const first = await local.driver.head('stale/a.txt');
    // Simulates a crash between the two renames: new bytes, old sidecar.
    await writeFile(path.join(local.root, 'stale', 'a.txt'), 'second!');
    const after = await local.driver.head('stale/a.txt');
    expect(after?.size).toBe(7);
    expect(after?.etag).not.toBe(first?.etag);
    expect(after?.etag).toBe(`"${createHash('md5').update('second!').digest('hex')}"`);
  });

  it('deleting the last object of a folder removes the folder', async () => {
    await local.driver.put({ key: 'prune/deep/a.txt', body: Buffer.from('a'), contentType: 'text/plain' });
    await local.driver.deleteMany(['prune/deep/a.txt']);
    expect(await readdir(local.root)).not.toContain('prune');
  });

  it('a URL signed with another secret is refused', async () => {
    const other = new LocalStorageDriver({ root: local.root, baseUrl: 'http://x', secret: SECRET.replace('a', 'b') });
    await local.driver.put({ key: 'secret/a.png', body: Buffer.from('a'), contentType: 'image/png' });
    const foreign = new URL(await other.presignGet({ key: 'secret/a.png', expiresIn: 60 }));
    const response = await serveLocalStorage(new Request(`http://127.0.0.1${foreign.pathname}${foreign.search}`), 'secret/a.png', local.driver);
    expect(response.status).toBe(403);
  });
});
