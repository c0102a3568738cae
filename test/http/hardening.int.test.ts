// Over HTTP against `next start`: the findings of the adversarial review (issue 16) that live in
// the HTTP layer. Security headers on every answer; NUL, crafted cursors, deep metadata and
// malformed signed events are 400 with nothing changed; one user's slow bodies never delay
// another's post and a read deadline frees the budget; rate-limit buckets per kind of caller.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makePng } from '@/test/fixtures/images';
import { startApp, type RunningApp } from '../infra/app';
import { signUp, type Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { checkoutEvent, deliver, sign } from '../infra/payments';
import { openSlowBody, type SlowBody } from '../infra/slow-body';

const png = makePng(16, 12);

async function apiKeyFor(client: Client) {
  return (await client.json<{ id: string; key: string }>('/api/keys', { name: 'generator' })).body.key;
}

function postGenerated(app: RunningApp, key: string, body: unknown) {
  return fetch(`${app.url}/api/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function budget(app: RunningApp) {
  const text = await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } })).text();
  const read = (name: string) => Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? NaN);
  return { inUse: read('imagedock_body_budget_bytes_in_use'), waiting: read('imagedock_body_budget_waiting') };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

// Three 13 MB bodies, each just under the POST /api/images cap, of which only the opening arrives.
function slowPost(app: RunningApp, key: string) {
  return openSlowBody(app.url, '/api/images', {
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    contentLength: 13_000_000,
    firstBytes: '{"prompt":"slow","imageData":"iVBO',
  });
}

describe('HTTP hardening on PGlite + local disk', () => {
  let app: RunningApp;
  let alice: Client;
  let aliceKey: string;

  beforeAll(async () => {
    app = await startApp({ database: 'pglite', storage: 'local' });
    alice = await signUp(app.url);
    aliceKey = await apiKeyFor(alice);
  });
  afterAll(async () => app?.stop());

  it('puts the security headers on pages, API answers, errors, redirects and 404s', async () => {
    const answers = {
      'page /': await fetch(`${app.url}/`, { redirect: 'manual' }),
      'page /sign-in': await fetch(`${app.url}/sign-in`),
      'page /admin (signed in)': await alice.fetch('/admin', { redirect: 'manual' }),
      'page /settings/keys (signed in)': await alice.fetch('/settings/keys'),
      'page 404': await fetch(`${app.url}/no-such-page`),
      'api 200': await fetch(`${app.url}/api/health`),
      'api 401': await fetch(`${app.url}/api/images`),
      'api 400': await alice.fetch('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      'api 404 (no route)': await fetch(`${app.url}/api/no-such-route`),
      'api auth': await fetch(`${app.url}/api/auth/get-session`),
      'api storage 403': await fetch(`${app.url}/api/storage/users/x/y.png`),
      'static asset': await fetch(`${app.url}/icon.svg`),
    };
    for (const [name, res] of Object.entries(answers)) {
      const h = res.headers;
      expect({ name, nosniff: h.get('x-content-type-options'), referrer: h.get('referrer-policy'), frame: h.get('x-frame-options') }).toEqual({
        name,
        nosniff: 'nosniff',
        referrer: 'strict-origin-when-cross-origin',
        frame: 'DENY',
      });
      expect(h.get('content-security-policy'), name).toContain("frame-ancestors 'none'");
      expect(h.get('strict-transport-security'), name).toBeNull(); // APP_URL is http here
    }
    expect(answers['page /settings/keys (signed in)'].status).toBe(200);
    const pageCsp = answers['page /settings/keys (signed in)'].headers.get('content-security-policy')!;
    expect(pageCsp).toContain(`img-src 'self' blob: data: ${app.url}`);
    expect(pageCsp).toContain(`connect-src 'self' ${app.url}`);
    expect(answers['api 200'].headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    // The page CSP is the only one a page carries: two would be enforced together.
    expect(pageCsp.split(',')).toHaveLength(1);
  });

  it('answers 400, with the headers, to a path whose percent-encoding is broken (Next answered 500)', async () => {
    for (const path of ['/api/keys/%C0%AE', '/api/images/%FF/stage', '/api/storage/%FF', '/api/public/listings/%E0%A4%A', '/listings/%FF']) {
      const res = await alice.fetch(path, { redirect: 'manual' });
      expect([path, res.status, res.headers.get('x-content-type-options'), res.headers.get('content-security-policy')]).toEqual([
        path,
        400,
        'nosniff',
        "default-src 'none'; frame-ancestors 'none'",
      ]);
      expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'The path is not valid percent-encoding' } });
    }
    // Well-formed escapes still reach the routes.
    expect((await alice.fetch('/api/keys/%41bc', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a NUL in any text field, query or path id with 400 and stores nothing', async () => {
    const session = await newSession(alice);
    const listing = await alice.json<{ id: string }>('/api/listings', { title: 'Before' });
    const [imageId] = (await uploadImages(alice, { uploadSessionId: session }, [{ filename: 'a.png', type: 'image/png', bytes: png }])).ids;
    const nul = 'bad\u0000value';
    const answers = [
      await alice.json('/api/keys', { name: nul }),
      await alice.json('/api/listings', { title: nul }),
      await alice.json(`/api/listings/${listing.body.id}`, { title: nul }, { method: 'PATCH' }),
      await alice.json(`/api/images/${imageId}`, { caption: nul }, { method: 'PATCH' }),
      await alice.json('/api/checkout', { uploadSessionId: `${session}\u0000`, title: 'x' }),
      await alice.json('/api/checkout', { uploadSessionId: session, title: nul }),
      await alice.json('/api/uploads/prepare', { uploadSessionId: session, files: [{ filename: 'b.png', size: 10, type: 'image/png\u0000' }] }),
      await alice.json('/api/keys/%00', undefined, { method: 'DELETE' }),
      await alice.json('/api/keys/abc%00def', undefined, { method: 'DELETE' }),
      await alice.json(`/api/images?uploadSessionId=${encodeURIComponent(nul)}`),
      await alice.json('/api/images/%00'),
      await alice.json('/api/listings/%00'),
      await fetch(`${app.url}/api/cleanup/temp-images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.env.CRON_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'delete-session', uploadSessionId: nul }),
      }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ...(await Promise.all(
        [
          { prompt: nul, imageData: png.toString('base64') },
          { prompt: 'p', imageData: png.toString('base64'), metadata: { note: nul } },
          { prompt: 'p', imageData: png.toString('base64'), metadata: { [nul]: 1 } },
        ].map(async (body) => {
          const res = await postGenerated(app, aliceKey, body);
          return { status: res.status, body: await res.json() };
        }),
      )),
    ];
    expect(answers.map((a) => [a.status, (a.body as { error?: { code: string } }).error?.code])).toEqual(answers.map(() => [400, 'bad_request']));
    const listings = await alice.json<{ items: { id: string; title: string }[] }>('/api/listings');
    expect(listings.body.items.map((l) => l.title)).toEqual(['Before']);
    expect((await alice.json<{ items: unknown[] }>('/api/images?limit=100')).body.items).toHaveLength(1);
    expect((await alice.json<{ items: unknown[] }>('/api/keys')).body.items).toHaveLength(1);
  });

  it('answers 400 to crafted cursors', async () => {
    const good = { p: 0, c: '2026-01-01T00:00:00.000Z', i: '0b7e7c55-3b7a-4c8e-9a59-0f5b5d1e2c3a' };
    const crafted = [
      { ...good, p: 1.5 },
      { ...good, p: 1e20 },
      { ...good, p: 2 ** 31 },
      { ...good, p: '1' },
      { ...good, p: null },
      { ...good, c: '2026-02-30T00:00:00.000Z' },
      { ...good, c: '+275760-09-13T00:00:00.000Z' },
      { ...good, c: 'Tue Dec 01 2026' },
      { ...good, c: '0000-01-01T00:00:00.000Z' },
      { ...good, c: '2026-01-01' },
      { ...good, c: 5 },
      { ...good, i: '-'.repeat(36) },
      { ...good, i: 'not-a-uuid' },
      { ...good, i: 'g'.repeat(36) },
      {},
      null,
      [1, 2, 3],
    ];
    const statuses = [];
    for (const cursor of [...crafted.map(cursorOf), 'garbage', '%00', cursorOf(good).slice(0, 10)]) {
      const res = await fetch(`${app.url}/api/images?cursor=${cursor}`, { headers: { authorization: `Bearer ${aliceKey}` } });
      statuses.push([cursor, res.status, ((await res.json()) as { error?: { message: string } }).error?.message]);
    }
    expect(statuses).toEqual(statuses.map(([cursor]) => [cursor, 400, 'Invalid cursor']));
    expect((await fetch(`${app.url}/api/images?cursor=${cursorOf(good)}`, { headers: { authorization: `Bearer ${aliceKey}` } })).status).toBe(200);
  });

  it('answers 400 to metadata nested 10,000 deep and stores nothing', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const before = (await alice.json<{ items: unknown[] }>('/api/images?source=generated')).body.items.length;
    const res = await postGenerated(app, aliceKey, `{"prompt":"deep","imageData":"${png.toString('base64')}","metadata":${deep}}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('metadata must be nested at most 32 levels deep');
    expect((await alice.json<{ items: unknown[] }>('/api/images?source=generated')).body.items).toHaveLength(before);
  });

  it('answers 400 to signed events of the wrong shape and to several t=, and the listing stays pending', async () => {
    const session = await newSession(alice);
    await uploadImages(alice, { uploadSessionId: session }, [{ filename: 'p.png', type: 'image/png', bytes: png }]);
    const checkout = await alice.json<{ listingId: string }>('/api/checkout', { uploadSessionId: session, title: 'Pending' });
    expect(checkout.status).toBe(201);
    const metadata = { listingId: checkout.body.listingId, uploadSessionId: session };
    const complete = checkoutEvent('checkout.session.completed', metadata);
    const { id: _id, ...withoutId } = complete;
    const { data: _data, ...withoutData } = complete;
    for (const event of ['null', withoutId, withoutData, { ...complete, data: {} }, { ...complete, id: 'evt_\u0000' }]) {
      const answer = await deliver(app, event);
      expect(answer).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'Webhook body is not an event with id, type and data.object' } } });
    }
    const payload = JSON.stringify(complete);
    const now = Math.floor(Date.now() / 1000);
    const [t, v1] = sign(app, payload, now).split(',');
    const twice = await deliver(app, payload, { signature: `t=${now + 3600},${t},${v1}` });
    expect(twice).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'Stripe-Signature header has more than one timestamp' } } });
    expect((await alice.json<{ status: string }>(`/api/listings/${checkout.body.listingId}`)).body.status).toBe('pending_payment');
  });

  it('lets another user post while one user holds three slow bodies open, and frees the budget when they go', async () => {
    const mallory = await signUp(app.url);
    const malloryKey = await apiKeyFor(mallory);
    const slow: SlowBody[] = [];
    try {
      for (let i = 0; i < 3; i++) slow.push(await slowPost(app, malloryKey));
      // One is admitted (her share is half the budget); her other two wait behind it.
      expect(
        await until(
          'mallory admitted',
          () => budget(app),
          (b) => b.inUse === 13_000_000 && b.waiting === 2,
        ),
      ).toEqual({ inUse: 13_000_000, waiting: 2 });
      const olive = await signUp(app.url);
      const posted = await postGenerated(app, await apiKeyFor(olive), { prompt: 'on time', imageData: png.toString('base64') });
      expect(posted.status).toBe(201);
      // Mallory's bodies are still open and unanswered: Olive did not wait for them.
      expect(slow.map((s) => [s.closed(), s.received()])).toEqual(slow.map(() => [false, '']));
    } finally {
      for (const s of slow) s.destroy();
    }
    expect(
      await until(
        'budget released',
        () => budget(app),
        (b) => b.inUse === 0 && b.waiting === 0,
      ),
    ).toEqual({ inUse: 0, waiting: 0 });
  });
});

describe('limits on PGlite + local disk', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      database: 'pglite',
      storage: 'local',
      env: { SERVICE_RATE_LIMIT_PER_MINUTE: '5', SESSION_RATE_LIMIT_PER_MINUTE: '8', BODY_READ_TIMEOUT_SECONDS: '2' },
    });
  });
  afterAll(async () => app?.stop());

  it('answers 408 to a body still arriving at the read deadline and frees its share of the budget', async () => {
    const mallory = await signUp(app.url);
    const slow = await slowPost(app, await apiKeyFor(mallory));
    try {
      const answer = await slow.answer(20_000);
      expect(answer.status).toBe(408);
      expect(answer.text).toContain('"code":"request_timeout"');
    } finally {
      slow.destroy();
    }
    expect(
      await until(
        'budget released',
        () => budget(app),
        (b) => b.inUse === 0 && b.waiting === 0,
      ),
    ).toEqual({ inUse: 0, waiting: 0 });
    // Bodies that arrive in time are unaffected.
    const posted = await postGenerated(app, await apiKeyFor(await signUp(app.url)), { prompt: 'in time', imageData: png.toString('base64') });
    expect(posted.status).toBe(201);
  });

  it('counts gallery (session) and service (API key) requests in separate buckets', async () => {
    const bob = await signUp(app.url);
    const key = await apiKeyFor(bob);
    const viaSession = async () => await bob.fetch('/api/images?limit=1');
    const viaKey = async () => fetch(`${app.url}/api/images?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    const session = [];
    for (let i = 0; i < 8; i++) session.push(await viaSession());
    expect(session.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect([session[0].headers.get('ratelimit-limit'), session[0].headers.get('ratelimit-remaining')]).toEqual(['8', '7']);
    // The gallery's eight did not touch the service budget of five.
    const service = [];
    for (let i = 0; i < 6; i++) service.push(await viaKey());
    expect(service.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect([service[0].headers.get('ratelimit-limit'), service[0].headers.get('ratelimit-remaining')]).toEqual(['5', '4']);
    expect(Number(service[5].headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await service[5].json()).error.code).toBe('rate_limited');
    // ... and the service's did not touch the gallery's: its ninth is its own 429.
    const ninth = await viaSession();
    expect(ninth.status).toBe(429);
    expect(ninth.headers.get('ratelimit-limit')).toBe('8');
  });
});

describe('HSTS with an https APP_URL', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ database: 'pglite', storage: 'local', env: { APP_URL: 'https://images.example.test' } });
  });
  afterAll(async () => app?.stop());

  it('sends Strict-Transport-Security on pages and API answers', async () => {
    for (const path of ['/sign-in', '/no-such-page', '/api/health', '/api/images']) {
      const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      expect([path, res.headers.get('strict-transport-security')]).toEqual([path, 'max-age=31536000; includeSubDomains']);
    }
  });
});

describe.runIf(inject('pgAdminUrl') && inject('s3'))('security headers on PostgreSQL + S3', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ database: 'postgres', storage: 's3', pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3') });
  });
  afterAll(async () => app?.stop());

  it('lets pages load images from and upload to the S3 endpoint, and nothing else', async () => {
    const csp = (await fetch(`${app.url}/sign-in`)).headers.get('content-security-policy')!;
    const s3 = new URL(app.env.S3_ENDPOINT).origin;
    expect(csp).toContain(`img-src 'self' blob: data: ${s3}`);
    expect(csp).toContain(`connect-src 'self' ${s3}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
});
