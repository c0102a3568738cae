// Fuzzing every route under app/api over HTTP (`next start`): seeded and bounded, with and
// without credentials (a session cookie, an API key, the cron secret, bad ones), mutated JSON
// bodies, NULs, odd numbers, deep nesting, odd ids, query strings and headers. No answer may be
// a 5xx and the server must log no unhandled error. Replay a run with FUZZ_SEED=<seed>.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makePng } from '@/test/fixtures/images';
import { startApp, type RunningApp } from '../infra/app';
import { startMailbox, type Mailbox } from '../infra/mailbox';
import { signUp, type Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { fuzzRequest, seededRng, type FuzzContext, type FuzzRequest } from '../infra/fuzz';
import { FUZZ_ROUTES } from './fuzz-routes';
import { canStart } from '../infra/app-suite';
import { apiKeyFor, createApiKey } from '../infra/service-api';

const SEED = Number(process.env.FUZZ_SEED ?? 16_2026);
console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

const CONFIGS = [
  { name: 'PGlite + local disk', database: 'pglite', storage: 'local', requests: 1000 },
  { name: 'PostgreSQL + S3', database: 'postgres', storage: 's3', requests: 250 },
] as const;

// Limits that would turn most of the run into 429s are lifted; they have their own tests.
const FUZZ_ENV = { SERVICE_RATE_LIMIT_PER_MINUTE: '1000000', SESSION_RATE_LIMIT_PER_MINUTE: '1000000', AUTH_SIGN_IN_PER_MINUTE: '1000000' };

// Server log lines that mean something went wrong on the server's side: pino error/fatal,
// Next's own error lines, and uncaught exceptions.
const BAD_LOG = /"level":(50|60)|^\s*⨯|uncaughtException|unhandledRejection|RangeError|Maximum call stack/m;

async function setUp(app: RunningApp): Promise<FuzzContext> {
  const alice: Client = await signUp(app.url);
  const eve = await signUp(app.url);
  const apiKey = await apiKeyFor(alice);
  const spare = (await createApiKey(alice, 'spare')).id;
  const uploadSessionId = await newSession(alice);
  const { ids } = await uploadImages(alice, { uploadSessionId }, [{ filename: 'f.png', type: 'image/png', bytes: makePng(8, 8) }]);
  const listing = await alice.json<{ id: string }>('/api/listings', { title: 'Fuzz target' });
  const image = await alice.json<{ key: string }>(`/api/images/${ids[0]}`);
  return {
    baseUrl: app.url,
    cookie: alice.cookie,
    authCookie: eve.cookie,
    apiKey,
    cronSecret: app.env.CRON_SECRET,
    webhookSecret: app.env.PAYMENT_WEBHOOK_SECRET,
    ids: { imageId: ids[0], listingId: listing.body.id, uploadSessionId, keyId: spare, storageKey: image.body.key },
  };
}

async function send(request: FuzzRequest) {
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, text };
  } catch (err) {
    return { status: 0, text: `network error: ${(err as Error).message} ${String((err as { cause?: unknown }).cause ?? '')}` };
  }
}

const excerpt = (text: string | undefined) => (text && text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);

for (const [index, config] of CONFIGS.entries()) {
  describe.runIf(canStart(config))(`fuzz on ${config.name}`, () => {
    let app: RunningApp;
    let ctx: FuzzContext;
    let mailbox: Mailbox;

    beforeAll(async () => {
      // A deployment with mail, as a real one has: without SMTP_URL the mail endpoints answer
      // 503 by design (tested in auth-limits), which is not what this test is looking for.
      mailbox = await startMailbox();
      app = await startApp({
        database: config.database,
        storage: config.storage,
        pgAdminUrl: inject('pgAdminUrl'),
        s3: inject('s3'),
        env: { ...FUZZ_ENV, SMTP_URL: mailbox.url },
      });
      ctx = await setUp(app);
    });
    afterAll(async () => {
      await app?.stop();
      await mailbox?.close();
    });

    it(`answers ${config.requests} fuzzed requests over every route below 500 and logs no server error`, async () => {
      const rng = seededRng(SEED + index);
      const failures: unknown[] = [];
      const byStatus = new Map<number, number>();
      const logBefore = app.output().length;
      const msByRoute = new Map<string, number>();
      for (let i = 0; i < config.requests; i++) {
        // Round robin over the routes, so each gets its share whatever the seed.
        const route = FUZZ_ROUTES[i % FUZZ_ROUTES.length];
        const request = fuzzRequest(route, rng, ctx);
        const started = performance.now();
        const answer = await send(request);
        const label = `${route.method} ${route.path}`;
        msByRoute.set(label, (msByRoute.get(label) ?? 0) + performance.now() - started);
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500 || answer.status === 0) {
          failures.push({
            i,
            auth: request.auth,
            method: request.method,
            url: excerpt(request.url),
            headers: request.headers,
            body: excerpt(request.body),
            status: answer.status,
            answer: excerpt(answer.text),
          });
        }
      }
      const slowest = [...msByRoute]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([label, ms]) => `${label} ${Math.round(ms)} ms`);
      console.log(
        `fuzz ${config.name}: seed ${SEED + index}, ${config.requests} requests, statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; most time in ${slowest.join(', ')}`,
      );
      expect(failures).toEqual([]);
      const serverErrors = app
        .output()
        .slice(logBefore)
        .split('\n')
        .filter((line) => BAD_LOG.test(line));
      expect(serverErrors.map((line) => excerpt(line))).toEqual([]);
      expect(app.process.exitCode).toBeNull();
      // Both credentials and no credentials reached the routes, not only the 401 path.
      expect(byStatus.get(200) ?? 0).toBeGreaterThan(config.requests / 20);
      expect(byStatus.get(400) ?? 0).toBeGreaterThan(config.requests / 10);
    }, 300_000);
  });
}

describe('the fuzz route list', () => {
  it('names every method of every route file under app/api', () => {
    const root = path.resolve(import.meta.dirname, '..', '..', 'app', 'api');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name === 'route.ts') {
          const file = path.relative(root, dir).split(path.sep).join('/');
          const source = readFileSync(full, 'utf8');
          for (const [, a, b] of source.matchAll(/export const (GET|HEAD|POST|PUT|PATCH|DELETE)\b|as (GET|HEAD|POST|PUT|PATCH|DELETE)\b/g))
            files.push(`${a ?? b} ${file}`);
        }
      }
    };
    walk(root);
    const listed = new Set(FUZZ_ROUTES.map((r) => `${r.method} ${r.file}`));
    expect(files.filter((file) => !listed.has(file)).sort()).toEqual([]);
  });
});
