// The first run as a newcomer meets it, over HTTP: a cold embedded server (APP_URL unset)
// whose first request is a page, then uploads through the local storage route; every
// address of this machine works, with links for that address; foreign origins and hosts are
// refused with a message that says what to change.
import http from 'node:http';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '@/test/fixtures/images';
import { startApp, type RunningApp } from '../infra/app';
import { signUp, uniqueEmail } from '../infra/client';
import { confirm, newSession, prepare, putBytes } from '../infra/uploads';

const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

function signUpAt(origin: string, headers: Record<string, string> = {}) {
  return fetch(`${origin}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...headers },
    body: JSON.stringify({ name: 'Nora', email: uniqueEmail('addr'), password: 'correct horse battery' }),
  });
}

/** A request whose Host header says `host` (fetch will not send a Host of our choosing). */
function rawPost(port: number, path: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('embedded mode with APP_URL unset', () => {
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    app = await startApp({ database: 'pglite', storage: 'local', appUrl: null, ready: 'listening' });
    base = `http://127.0.0.1:${app.port}`;
  });
  afterAll(async () => app?.stop());

  it('serves uploads when a page is the first request the server sees', async () => {
    const page = await fetch(`${base}/sign-in`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in');

    const alice = await signUp(base);
    // "My listings" asks for the storage driver before any API route has: the page bundle's
    // driver must be the one the storage route serves from (it was not, and every PUT was 404).
    const listingsPage = await alice.fetch('/');
    expect(listingsPage.status).toBe(200);
    expect(await listingsPage.text()).toContain('My listings');
    const session = await newSession(alice);
    const png = makePng(320, 240);
    const prepared = await prepare(alice, { uploadSessionId: session }, [{ filename: 'first.png', size: png.length, type: 'image/png' }]);
    expect(prepared.status).toBe(201);
    const [upload] = prepared.body.uploads;
    // The signed URL is for the address this client used.
    expect(upload.uploadUrl.startsWith(`${base}/api/storage/temp/${session}/`)).toBe(true);
    expect((await putBytes(upload, png)).status).toBe(200);
    expect((await confirm(alice, [upload.imageId])).body.results[0].status).toBe('uploaded');

    const { body } = await alice.json<{ items: { url: string; thumbnailUrl: string }[] }>(`/api/images?uploadSessionId=${session}`);
    const thumbnail = await fetch(body.items[0].thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect((await thumbnail.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await (await fetch(body.items[0].url)).arrayBuffer()).byteLength).toBe(png.length);
  });

  it('health checks the storage route itself', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok' } });
  });

  const addresses = ['localhost', '127.0.0.1', '[::1]', ...(lanAddress ? [lanAddress] : [])];
  it.each(addresses)('signs up and works at http://%s, with cookies and links for that address', async (host) => {
    const origin = `http://${host}:${app.port}`;
    const res = await signUpAt(origin);
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    // Plain http: a Secure cookie would be dropped by the browser at a LAN address.
    for (const cookie of cookies) expect(cookie).not.toMatch(/;\s*secure/i);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const session = await fetch(`${origin}/api/upload-sessions`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(session.status).toBe(201);
    const { id } = (await session.json()) as { id: string };
    const prepared = await fetch(`${origin}/api/uploads/prepare`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ uploadSessionId: id, files: [{ filename: 'a.png', size: 100, type: 'image/png' }] }),
    });
    expect(prepared.status).toBe(201);
    const { uploads } = (await prepared.json()) as { uploads: { uploadUrl: string }[] };
    expect(uploads[0].uploadUrl.startsWith(`${origin}/api/storage/`)).toBe(true);
    // Server-side auth calls carry no request of their own (API keys): they must work here too.
    const key = await fetch(`${origin}/api/keys`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'first key' }),
    });
    expect(key.status).toBe(201);
  });

  it('refuses a foreign origin, naming what this server accepts', async () => {
    const res = await signUpAt(base, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('INVALID_ORIGIN');
    expect(body.message).toContain('http://evil.example');
    expect(body.message).toMatch(/not an address of this machine/);
    expect(body.message).toMatch(/APP_URL/);

    const alice = await signUp(base);
    const refused = await alice.json<{ error: { code: string; message: string } }>('/api/upload-sessions', {}, { headers: { origin: 'http://evil.example' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body.error.message).toContain('http://evil.example');
  });

  it('refuses a name that is not this machine even when Origin and Host agree (DNS rebinding)', async () => {
    const rebound = `evil.example:${app.port}`;
    const body = JSON.stringify({ name: 'Eve', email: uniqueEmail('rebind'), password: 'correct horse battery' });
    const res = await rawPost(app.port, '/api/auth/sign-up/email', { host: rebound, origin: `http://${rebound}` }, body);
    expect(res.status).toBe(403);
    expect(res.body).toContain('not an address of this machine');

    const alice = await signUp(base);
    // Its cookie means nothing under that name: refused, whichever check comes first.
    const session = await rawPost(app.port, '/api/upload-sessions', { host: rebound, origin: `http://${rebound}`, cookie: alice.cookie }, '{}');
    expect([401, 403]).toContain(session.status);
  });
});

describe('a deployment with APP_URL set', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ database: 'pglite', storage: 'local' });
  });
  afterAll(async () => app?.stop());

  it('accepts only APP_URL, and a refusal says which APP_URL is configured and how to change it', async () => {
    expect(app.url).toBe(`http://localhost:${app.port}`);
    expect((await signUpAt(app.url)).status).toBe(200);

    const other = `http://127.0.0.1:${app.port}`;
    const res = await signUpAt(other);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.message).toContain(`APP_URL=${app.url}`);
    expect(body.message).toMatch(/set APP_URL to the address people use/);

    const alice = await signUp(app.url);
    const refused = await alice.json<{ error: { message: string } }>('/api/upload-sessions', {}, { headers: { origin: other } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(`APP_URL=${app.url}`);
  });

  it('logs a refused storage request with its cause and answers an S3-style code, never a class name', async () => {
    const alice = await signUp(app.url);
    const session = await newSession(alice);
    const png = makePng(64, 64);
    const prepared = await prepare(alice, { uploadSessionId: session }, [{ filename: 'x.png', size: png.length, type: 'image/png' }]);
    const [upload] = prepared.body.uploads;
    const tampered = upload.uploadUrl.replace(/X-Signature=[^&]+/, `X-Signature=${'A'.repeat(43)}`);
    const res = await fetch(tampered, { method: 'PUT', headers: upload.headers, body: new Uint8Array(png) });
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(xml).toMatch(/<Code>(AccessDenied|SignatureDoesNotMatch)<\/Code>/);
    expect(xml).not.toMatch(/Driver|Error\b(?!>)/);
    await expect.poll(() => app.output(), { timeout: 5000 }).toMatch(/storage request refused/);
    expect(app.output()).toMatch(/"reason":"[^"]*signature[^"]*"/i);
  });
});
