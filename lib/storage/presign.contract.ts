// Presigned URLs, exercised over real HTTP (part of storageContract, driver.contract.ts).
// Every refusal must be a 403 and must leave nothing behind: a refused upload that still
// wrote bytes would let a URL made for a 5 MB JPEG store anything.
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { expect, it } from 'vitest';
import type { StorageDriver } from './driver';
import { contentDisposition } from './key';

interface Context {
  driver: () => StorageDriver;
  key: (name: string) => string;
}

const bytes = (text: string) => Buffer.from(text, 'utf8');
const md5 = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

/** An HTTP/1.1 request whose framing we control (fetch always sends the body's own length). */
function rawRequest(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: Buffer; chunked?: boolean },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    if (!options.chunked && options.body && !('Content-Length' in headers)) headers['Content-Length'] = String(options.body.length);
    const req = http.request(url, { method: options.method, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Declares `declared` bytes, sends fewer, then hangs up: the server must discard them. */
async function truncatedPut(url: string, contentType: string, declared: number, sent: Buffer): Promise<void> {
  const target = new URL(url);
  const socket = net.connect(Number(target.port), target.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined);
  socket.write(
    `PUT ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: ${contentType}\r\n` +
      `Content-Length: ${declared}\r\nConnection: close\r\n\r\n`,
  );
  socket.write(sent);
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.destroy();
  // Give the server time to notice the hang-up and clean up.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

function tamper(url: string, param: RegExp, change: (value: string) => string): string {
  const parsed = new URL(url);
  const name = [...parsed.searchParams.keys()].find((n) => param.test(n));
  if (!name) throw new Error(`no query parameter matching ${param} in ${url}`);
  parsed.searchParams.set(name, change(parsed.searchParams.get(name) ?? ''));
  return parsed.toString();
}

const flipLast = (value: string) => value.slice(0, -1) + (value.at(-1) === 'a' ? 'b' : 'a');
const bumpNumber = (value: string) => String(Number(value) + 1);

export function presignContract({ driver, key }: Context) {
  const body = bytes('the exact bytes of a tiny image');
  const type = 'image/png';
  const putUrl = (k: string, length = body.length, expiresIn = 300) => driver().presignPut({ key: k, contentType: type, contentLength: length, expiresIn });

  it('presigned PUT with the given headers stores the bytes and their type', async () => {
    const k = key('presign/ok.png');
    const put = await putUrl(k);
    expect(put.method).toBe('PUT');
    expect(put.headers).toEqual({ 'Content-Type': type });
    const res = await fetch(put.url, { method: put.method, headers: put.headers, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(md5(body));
    const info = await driver().head(k);
    expect(info).toMatchObject({ key: k, size: body.length, contentType: type, etag: md5(body) });
    expect(Buffer.compare(await driver().read(k), body)).toBe(0);
  });

  const refusedPuts: [string, (k: string) => Promise<{ status: number }>][] = [
    [
      'a Content-Length above the signed one',
      async (k) => rawRequest((await putUrl(k)).url, { method: 'PUT', headers: { 'Content-Type': type }, body: Buffer.concat([body, bytes('x')]) }),
    ],
    [
      'a Content-Length below the signed one',
      async (k) => rawRequest((await putUrl(k)).url, { method: 'PUT', headers: { 'Content-Type': type }, body: body.subarray(1) }),
    ],
    [
      'a longer body sent chunked, without Content-Length',
      async (k) => rawRequest((await putUrl(k)).url, { method: 'PUT', headers: { 'Content-Type': type }, body: Buffer.concat([body, body]), chunked: true }),
    ],
    ['another Content-Type', async (k) => rawRequest((await putUrl(k)).url, { method: 'PUT', headers: { 'Content-Type': 'text/html' }, body })],
    ['no Content-Type', async (k) => rawRequest((await putUrl(k)).url, { method: 'PUT', headers: {}, body })],
    [
      'a tampered signature',
      async (k) => fetch(tamper((await putUrl(k)).url, /signature/i, flipLast), { method: 'PUT', headers: { 'Content-Type': type }, body }),
    ],
    [
      'a tampered expiry',
      async (k) => fetch(tamper((await putUrl(k)).url, /expires/i, bumpNumber), { method: 'PUT', headers: { 'Content-Type': type }, body }),
    ],
    [
      'a tampered key',
      async (k) => {
        const url = new URL((await putUrl(key('presign/signed-for-another.png'))).url);
        url.pathname = url.pathname.replace('presign/signed-for-another.png', k.slice(k.indexOf('presign/')));
        return fetch(url, { method: 'PUT', headers: { 'Content-Type': type }, body });
      },
    ],
    ['a download URL', async (k) => fetch(await driver().presignGet({ key: k, expiresIn: 300 }), { method: 'PUT', headers: { 'Content-Type': type }, body })],
  ];
  it.each(refusedPuts)('presigned PUT with %s is refused with 403 and writes nothing', async (_name, send) => {
    const k = key(`presign/refused-${Math.random().toString(36).slice(2)}.png`);
    const res = await send(k);
    expect(res.status).toBe(403);
    expect(await driver().head(k)).toBeNull();
  });

  it('presigned PUT with a body shorter than its Content-Length writes nothing', async () => {
    const k = key('presign/truncated.png');
    await truncatedPut((await putUrl(k)).url, type, body.length, body.subarray(0, 5));
    expect(await driver().head(k)).toBeNull();
  });

  it('presigned GET serves the bytes with the requested type and disposition', async () => {
    const k = key('presign/get.png');
    await driver().put({ key: k, body, contentType: type });
    const disposition = contentDisposition('attachment', 'café (1).png');
    const url = await driver().presignGet({ key: k, expiresIn: 120, responseContentType: 'image/webp', responseContentDisposition: disposition });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('content-disposition')).toBe(disposition);
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), body)).toBe(0);
    const plain = await fetch(await driver().presignGet({ key: k, expiresIn: 60 }));
    expect(plain.headers.get('content-type')).toBe(type);
    expect(Buffer.compare(Buffer.from(await plain.arrayBuffer()), body)).toBe(0);
  });

  it('presigned GET refuses tampering and the wrong verb, and 404s a missing object', async () => {
    const k = key('presign/get-tamper.png');
    await driver().put({ key: k, body, contentType: type });
    const url = await driver().presignGet({ key: k, expiresIn: 120, responseContentType: 'image/png' });
    for (const bad of [tamper(url, /signature/i, flipLast), tamper(url, /expires/i, bumpNumber), tamper(url, /response-content-type/i, () => 'text/html')]) {
      expect((await fetch(bad)).status).toBe(403);
    }
    expect((await fetch((await putUrl(k)).url)).status).toBe(403);
    const missing = await driver().presignGet({ key: key('presign/never-written.png'), expiresIn: 60 });
    expect((await fetch(missing)).status).toBe(404);
  });

  it('expired URLs are refused, for PUT and GET', async () => {
    const k = key('presign/expired.png');
    await driver().put({ key: k, body, contentType: type });
    const getUrl = await driver().presignGet({ key: k, expiresIn: 1 });
    const put = await putUrl(key('presign/expired-put.png'), body.length, 1);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await fetch(getUrl)).status).toBe(403);
    expect((await fetch(put.url, { method: 'PUT', headers: put.headers, body })).status).toBe(403);
    expect(await driver().head(key('presign/expired-put.png'))).toBeNull();
  });
}
