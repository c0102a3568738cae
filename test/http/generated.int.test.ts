// The service API for generated images over HTTP: API keys, base64 PNG in, limits,
// Idempotency-Key, rate limiting across instances, the stage lifecycle, and crash safety.
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makeImage, makePng, makePngBomb, makeTruncated } from '@/test/fixtures/images';
import { startApp, storageOf, type RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import { signUp, type Client } from '../infra/client';
import { apiKeyFor, createApiKey, postGenerated } from '../infra/service-api';

type Image = {
  id: string;
  key: string;
  thumbnailKey: string;
  source: string;
  stage: string;
  prompt: string;
  metadata: unknown;
  width: number;
  height: number;
  url: string;
  thumbnailUrl: string;
};

const rssKb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]);

describeApp('generated images', { users: 1 }, (suite) => {
  let app: RunningApp;
  let storage: StorageDriver;
  let alice: Client;
  let key: string;
  const png = makePng(64, 48);

  beforeAll(async () => {
    ({
      app,
      storage,
      users: [alice],
    } = suite);
    key = await apiKeyFor(alice);
  });

  it('stores a PNG byte for byte with thumbnail and placeholder', async () => {
    const res = await postGenerated(app, key, { prompt: 'a red fox', imageData: png.toString('base64'), metadata: { model: 'x1', seed: 7 } });
    expect(res.status).toBe(201);
    expect(res.headers.get('ratelimit-limit')).toBe('100');
    const image = (await res.json()) as Image;
    expect(image).toMatchObject({ source: 'generated', stage: 'generated', prompt: 'a red fox', metadata: { model: 'x1', seed: 7 }, width: 64, height: 48 });
    expect(image.key).toMatch(new RegExp(`^users/${alice.user.id}/\\d{13}-[0-9a-f-]{36}\\.png$`));
    const stored = Buffer.from(await (await fetch(image.url)).arrayBuffer());
    expect(stored.equals(png)).toBe(true);
    expect((await fetch(image.thumbnailUrl)).headers.get('content-type')).toBe('image/webp');
  });

  it('takes a chunked body with no Content-Length', async () => {
    const text = JSON.stringify({ prompt: 'streamed', imageData: png.toString('base64') });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < text.length; at += 100) controller.enqueue(new TextEncoder().encode(text.slice(at, at + 100)));
        controller.close();
      },
    });
    const res = await fetch(`${app.url}/api/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ prompt: 'streamed', width: 64, height: 48 });
  });

  it('accepts a data: URL prefix and whitespace, refuses broken base64', async () => {
    const wrapped = `data:image/png;base64,${png.toString('base64').replace(/(.{60})/g, '$1\n  ')}`;
    expect((await postGenerated(app, key, { prompt: 'p', imageData: wrapped })).status).toBe(201);
    const broken = await postGenerated(app, key, { prompt: 'p', imageData: 'iVBORw0K!!!==' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: { code: 'bad_request', message: 'imageData is not valid base64' } });
  });

  it('refuses non-PNG bytes, oversize images and bodies, and decompression bombs', async () => {
    for (const format of ['gif', 'jpeg'] as const) {
      const res = await postGenerated(app, key, { prompt: 'p', imageData: (await makeImage(format, 8, 8)).toString('base64') });
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'imageData must be a PNG image' } });
    }
    const tooBig = await postGenerated(app, key, { prompt: 'p', imageData: Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64') });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe('payload_too_large');
    const bomb = await postGenerated(app, key, { prompt: 'p', imageData: makePngBomb(30_000, 30_000).toString('base64') });
    expect(bomb.status).toBe(400);
    expect((await bomb.json()).error.message).toMatch(/megapixels/);
    for (const body of [
      { prompt: '', imageData: 'AAAA' },
      { prompt: 'x'.repeat(4001), imageData: 'AAAA' },
      { prompt: 'p', imageData: 'AAAA', metadata: { blob: 'x'.repeat(17_000) } },
      { prompt: 'p', imageData: 'AAAA', metadata: [1] },
    ]) {
      expect((await postGenerated(app, key, body)).status).toBe(400);
    }
  });

  it('refuses a PNG cut short and keeps none of it (its put starts before the decode)', async () => {
    const carol = await signUp(app.url);
    const res = await postGenerated(app, await apiKeyFor(carol), { prompt: 'p', imageData: makeTruncated(makePng(600, 400)).toString('base64') });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'imageData is not a usable PNG: file is truncated or corrupt' } });
    expect((await storage.list(`users/${carol.user.id}/`)).objects).toEqual([]);
  });

  it('answers 413 to a 120 MB body without holding it in memory', async () => {
    const before = rssKb(app.process.pid!);
    const huge = `{"prompt":"p","imageData":"${'A'.repeat(120 * 1024 * 1024)}"}`;
    const res = await postGenerated(app, key, huge);
    expect(res.status).toBe(413);
    expect(rssKb(app.process.pid!) - before).toBeLessThan(60 * 1024);
  });

  it('authenticates by API key: none, wrong and revoked keys get 401 at once', async () => {
    const body = { prompt: 'p', imageData: png.toString('base64') };
    const anonymous = await fetch(`${app.url}/api/images`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(anonymous.status).toBe(401);
    expect((await postGenerated(app, 'idk_not_a_real_key', body)).status).toBe(401);
    // The body is read while the key is checked; a refused key is answered 401 even when
    // its body is also too large.
    const oversized = await postGenerated(app, 'idk_not_a_real_key', `{"prompt":"p","imageData":"${'A'.repeat(15 * 1024 * 1024)}"}`);
    expect(oversized.status).toBe(401);
    const temporary = await createApiKey(alice);
    expect((await postGenerated(app, temporary.key, body)).status).toBe(201);
    expect((await alice.fetch(`/api/keys/${temporary.id}`, { method: 'DELETE' })).status).toBe(204);
    const revoked = await postGenerated(app, temporary.key, body);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: { code: 'unauthorized', message: 'Invalid or revoked API key' } });
  });

  it('replays an Idempotency-Key, refuses it with another body, and stores once under concurrency', async () => {
    const body = { prompt: 'idem', imageData: png.toString('base64') };
    const first = await postGenerated(app, key, body, { 'idempotency-key': 'job-1' });
    const again = await postGenerated(app, key, body, { 'idempotency-key': 'job-1' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [(await first.json()) as Image, (await again.json()) as Image];
    expect(b.id).toBe(a.id);
    expect((await fetch(b.url)).status).toBe(200);
    const changed = await postGenerated(app, key, { ...body, prompt: 'other' }, { 'idempotency-key': 'job-1' });
    expect(changed.status).toBe(422);
    expect((await changed.json()).error.code).toBe('unprocessable');

    const racing = await Promise.all([
      postGenerated(app, key, body, { 'idempotency-key': 'job-2' }),
      postGenerated(app, key, body, { 'idempotency-key': 'job-2' }),
    ]);
    const statuses = racing.map((r) => r.status).sort();
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const list = await alice.json<{ items: Image[] }>('/api/images?source=generated&limit=100');
    expect(list.body.items.filter((i) => i.prompt === 'idem')).toHaveLength(2);
  });

  it('moves images through stages, hides deleted ones, and keeps them from other users', async () => {
    const image = (await (await postGenerated(app, key, { prompt: 'stages', imageData: png.toString('base64') })).json()) as Image;
    const printed = await alice.json<Image>(`/api/images/${image.id}/stage`, { stage: 'printed' }, { method: 'PATCH' });
    expect(printed).toMatchObject({ status: 200, body: { stage: 'printed' } });
    expect((await alice.json(`/api/images/${image.id}/stage`, { stage: 'burnt' }, { method: 'PATCH' })).status).toBe(400);
    const byStage = await alice.json<{ items: Image[] }>('/api/images?source=generated&stage=printed');
    expect(byStage.body.items.map((i) => i.id)).toEqual([image.id]);
    await alice.json(`/api/images/${image.id}/stage`, { stage: 'deleted' }, { method: 'PATCH' });
    expect((await alice.json<{ items: Image[] }>('/api/images?source=generated&limit=100')).body.items.map((i) => i.id)).not.toContain(image.id);
    expect((await alice.json<{ items: Image[] }>('/api/images?stage=deleted')).body.items.map((i) => i.id)).toEqual([image.id]);

    const mallory = await signUp(app.url);
    const malloryKey = await apiKeyFor(mallory);
    const auth = { authorization: `Bearer ${malloryKey}` };
    expect((await fetch(`${app.url}/api/images/${image.id}`, { headers: auth })).status).toBe(404);
    expect(
      (
        await fetch(`${app.url}/api/images/${image.id}/stage`, {
          method: 'PATCH',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{"stage":"ordered"}',
        })
      ).status,
    ).toBe(404);
    expect((await fetch(`${app.url}/api/images/${image.id}`, { method: 'DELETE', headers: auth })).status).toBe(404);

    const deleted = await fetch(`${app.url}/api/images/${image.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect(deleted.status).toBe(204);
    expect(await storage.head(image.key)).toBeNull();
    expect(await storage.head(image.thumbnailKey)).toBeNull();
  });

  it('limits each user to 100 requests a minute with Retry-After', async () => {
    const bob = await signUp(app.url);
    const bobKey = await apiKeyFor(bob);
    const answers: Response[] = [];
    for (let i = 0; i < 110; i++) answers.push(await fetch(`${app.url}/api/images?limit=1`, { headers: { authorization: `Bearer ${bobKey}` } }));
    expect(answers.slice(0, 100).every((r) => r.status === 200)).toBe(true);
    expect(answers.slice(100).every((r) => r.status === 429)).toBe(true);
    expect(Number(answers[100].headers.get('retry-after'))).toBeGreaterThan(0);
    expect(answers[99].headers.get('ratelimit-remaining')).toBe('0');
    expect(answers[0].headers.get('ratelimit-remaining')).toBe('99');
    expect((await answers[100].json()).error.code).toBe('rate_limited');
  });
});

describe.runIf(inject('pgAdminUrl') && inject('s3'))('generated images across instances and crashes', () => {
  const apps: RunningApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.stop();
  });

  it('shares the rate limit between two instances on one PostgreSQL', async () => {
    const first = await startApp({ database: 'postgres', storage: 'local', pgAdminUrl: inject('pgAdminUrl'), env: { SERVICE_RATE_LIMIT_PER_MINUTE: '10' } });
    apps.push(first);
    const second = await startApp({
      database: 'postgres',
      storage: 'local',
      databaseUrl: first.databaseUrl,
      env: { SERVICE_RATE_LIMIT_PER_MINUTE: '10', BETTER_AUTH_SECRET: first.env.BETTER_AUTH_SECRET },
    });
    apps.push(second);
    const carol = await signUp(first.url);
    const carolKey = await apiKeyFor(carol);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const app = i % 2 === 0 ? first : second;
      statuses.push((await fetch(`${app.url}/api/images?limit=1`, { headers: { authorization: `Bearer ${carolKey}` } })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
  });

  it("records a key's last use once a minute, and refuses disabled, expired and used-up keys", async () => {
    const app = await startApp({ database: 'postgres', storage: 'local', pgAdminUrl: inject('pgAdminUrl') });
    apps.push(app);
    const sql = postgres(app.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      const erin = await signUp(app.url);
      const lastUsed = async (id: string) =>
        (await erin.json<{ items: { id: string; lastUsedAt: string | null }[] }>('/api/keys')).body.items.find((k) => k.id === id)!.lastUsedAt;
      const list = (key: string) => fetch(`${app.url}/api/images?limit=1`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
      const { id, key } = await createApiKey(erin);
      expect(await lastUsed(id)).toBeNull();
      expect(await list(key)).toBe(200);
      expect(await lastUsed(id)).not.toBeNull();
      // Within the minute the row is not written again; after it, it is.
      const recent = new Date(Date.now() - 30_000);
      await sql`update api_keys set last_request = ${recent} where id = ${id}`;
      expect(await list(key)).toBe(200);
      expect(Date.parse((await lastUsed(id))!)).toBe(recent.getTime());
      await sql`update api_keys set last_request = now() - interval '2 minutes' where id = ${id}`;
      expect(await list(key)).toBe(200);
      expect(Date.now() - Date.parse((await lastUsed(id))!)).toBeLessThan(30_000);

      await sql`update api_keys set enabled = false where id = ${id}`;
      expect(await list(key)).toBe(401);
      await sql`update api_keys set enabled = true, expires_at = now() - interval '1 second' where id = ${id}`;
      expect(await list(key)).toBe(401);
      const quota = await createApiKey(erin);
      await sql`update api_keys set remaining = 1 where id = ${quota.id}`;
      expect([await list(quota.key), await list(quota.key)]).toEqual([200, 401]);
    } finally {
      await sql.end();
    }
  });

  it('leaves no object behind when the row write fails after the put', async () => {
    const app = await startApp({
      database: 'postgres',
      storage: 's3',
      pgAdminUrl: inject('pgAdminUrl'),
      s3: inject('s3'),
      env: { IMAGEDOCK_FAILPOINTS: 'generated:after-put:1' },
    });
    apps.push(app);
    const storage = await storageOf(app);
    const dave = await signUp(app.url);
    const daveKey = await apiKeyFor(dave);
    const body = { prompt: 'crash', imageData: makePng(10, 10).toString('base64') };
    const crashed = await postGenerated(app, daveKey, body, { 'idempotency-key': 'crash-1' });
    expect(crashed.status).toBe(500);
    expect((await storage.list(`users/${dave.user.id}/`)).objects).toEqual([]);
    const retried = await postGenerated(app, daveKey, body, { 'idempotency-key': 'crash-1' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const list = await dave.json<{ items: Image[] }>('/api/images?source=generated');
    expect(list.body.items).toHaveLength(1);
    expect((await storage.list(`users/${dave.user.id}/`)).objects).toHaveLength(2);
  });
});
