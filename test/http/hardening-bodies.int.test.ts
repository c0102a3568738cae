// Over HTTP against `next start`, on PGlite + local disk and PostgreSQL + S3 (issue 16, items 5
// and 17): one user's slow bodies never delay another's post, an unauthenticated one claims
// nothing, and a read deadline frees the budget; rate limits count each kind of caller in its
// own bucket. Authentication and the limits read the database, so both configurations.
import { beforeAll, expect, it } from 'vitest';
import { makePng } from '@/test/fixtures/images';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import { signUp, type Client } from '../infra/client';
import { pollUntil } from '../infra/poll';
import { apiKeyFor, postGenerated } from '../infra/service-api';
import { openSlowBody, type SlowBody } from '../infra/slow-body';

const png = makePng(16, 12);

async function budget(app: RunningApp) {
  const text = await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } })).text();
  const read = (name: string) => Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? NaN);
  return { inUse: read('imagedock_body_budget_bytes_in_use'), waiting: read('imagedock_body_budget_waiting') };
}

const released = (app: RunningApp) =>
  pollUntil(
    () => budget(app),
    (b) => b.inUse === 0 && b.waiting === 0,
    { what: 'budget released', intervalMs: 100 },
  );

// A 13 MB body, just under the POST /api/images cap, of which only the opening arrives.
function slowPost(app: RunningApp, authorization: string | null) {
  return openSlowBody(app.url, '/api/images', {
    headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' },
    contentLength: 13_000_000,
    firstBytes: '{"prompt":"slow","imageData":"iVBO',
  });
}

describeApp('the body budget', {}, (suite) => {
  let app: RunningApp;
  beforeAll(() => {
    app = suite.app;
  });

  it('lets another user post while one user holds three slow bodies open, and frees the budget when they go', async () => {
    const mallory = await signUp(app.url);
    const malloryKey = await apiKeyFor(mallory);
    const slow: SlowBody[] = [];
    try {
      for (let i = 0; i < 3; i++) slow.push(await slowPost(app, `Bearer ${malloryKey}`));
      // One is admitted (her share is half the budget); her other two wait behind it.
      expect(
        await pollUntil(
          () => budget(app),
          (b) => b.inUse === 13_000_000 && b.waiting === 2,
          { what: 'mallory admitted', intervalMs: 100 },
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
    expect(await released(app)).toEqual({ inUse: 0, waiting: 0 });
  });

  it('claims nothing for unauthenticated slow bodies: each is answered 401 unread, and others post on time', async () => {
    // Six 13 MB bodies would hold the whole 32 MB budget twice over, were any of it theirs.
    const slow: SlowBody[] = [];
    try {
      for (const authorization of [null, null, null, 'Bearer idk_not-a-key', 'Bearer idk_not-a-key', 'Basic bWFsbG9yeTpwdw==']) {
        slow.push(await slowPost(app, authorization));
      }
      const answers = await Promise.all(slow.map((s) => s.answer(20_000)));
      expect(answers.map((a) => [a.status, a.text.includes('"code":"unauthorized"')])).toEqual(slow.map(() => [401, true]));
      // Their bodies never arrived, and not one byte of the budget is theirs.
      expect(await budget(app)).toEqual({ inUse: 0, waiting: 0 });
      const olive = await signUp(app.url);
      const started = Date.now();
      const posted = await postGenerated(app, await apiKeyFor(olive), { prompt: 'on time', imageData: png.toString('base64') });
      expect(posted.status).toBe(201);
      // Well inside the read deadline (60 s) that would have freed a claimed share.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of slow) s.destroy();
    }
    expect(await released(app)).toEqual({ inUse: 0, waiting: 0 });
  });
});

describeApp(
  'read deadline and rate limits',
  { env: () => ({ SERVICE_RATE_LIMIT_PER_MINUTE: '5', SESSION_RATE_LIMIT_PER_MINUTE: '8', BODY_READ_TIMEOUT_SECONDS: '2' }) },
  (suite) => {
    let app: RunningApp;
    beforeAll(() => {
      app = suite.app;
    });

    it('answers 408 to a body still arriving at the read deadline and frees its share of the budget', async () => {
      const mallory = await signUp(app.url);
      const slow = await slowPost(app, `Bearer ${await apiKeyFor(mallory)}`);
      try {
        const answer = await slow.answer(20_000);
        expect(answer.status).toBe(408);
        expect(answer.text).toContain('"code":"request_timeout"');
      } finally {
        slow.destroy();
      }
      expect(await released(app)).toEqual({ inUse: 0, waiting: 0 });
      // Bodies that arrive in time are unaffected.
      const posted = await postGenerated(app, await apiKeyFor(await signUp(app.url)), { prompt: 'in time', imageData: png.toString('base64') });
      expect(posted.status).toBe(201);
    });

    it('counts gallery (session) and service (API key) requests in separate buckets', async () => {
      const bob: Client = await signUp(app.url);
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
  },
);
