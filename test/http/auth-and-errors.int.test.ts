// Over HTTP against `next start`: sign-up/in/out, API keys, the Origin check and the error shape,
// on PGlite + local disk and on PostgreSQL + the S3 server.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type RunningApp } from '../infra/app';
import { clientFor, cookieFrom, signUp, uniqueEmail, type Client } from '../infra/client';
import { canStart } from '../infra/app-suite';

const configs = [
  { name: 'PGlite + local disk', database: 'pglite', storage: 'local' },
  { name: 'PostgreSQL + S3', database: 'postgres', storage: 's3' },
] as const;

for (const config of configs) {
  describe.runIf(canStart(config))(config.name, () => {
    let app: RunningApp;
    let alice: Client;

    beforeAll(async () => {
      app = await startApp({ database: config.database, storage: config.storage, pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3') });
      alice = await signUp(app.url, { name: 'Alice' });
    });
    afterAll(async () => app?.stop());

    it('reports healthy dependencies', async () => {
      const res = await fetch(`${app.url}/api/health`);
      expect(res.status).toBe(200);
      // In S3 mode the bucket's CORS is a check too (test/http/bucket-cors.int.test.ts).
      const cors = config.storage === 's3' ? { cors: 'ok' } : {};
      expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok', ...cors } });
    });

    it('signs in and out with email and password', async () => {
      const email = uniqueEmail('bob');
      await signUp(app.url, { email, password: 'a long enough password' });
      const bad = await fetch(`${app.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email, password: 'wrong password here' }),
      });
      expect(bad.status).toBe(401);
      const good = await fetch(`${app.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: JSON.stringify({ email, password: 'a long enough password' }),
      });
      expect(good.status).toBe(200);
      const bob = clientFor(app.url, cookieFrom(good), (await good.json()).user);
      expect((await bob.json('/api/keys')).status).toBe(200);
      const out = await bob.fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(out.status).toBe(200);
      expect((await bob.json('/api/keys')).status).toBe(401);
    });

    it('creates an API key shown once, lists it without the secret, revokes it', async () => {
      const created = await alice.json<{ id: string; key: string }>('/api/keys', { name: 'generator' });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^idk_/);
      const list = await alice.json<{ items: Record<string, unknown>[] }>('/api/keys');
      const item = list.body.items.find((k) => k.id === created.body.id)!;
      expect(item).toMatchObject({ name: 'generator', start: created.body.key.slice(0, 10), lastUsedAt: null });
      expect(JSON.stringify(list.body)).not.toContain(created.body.key);

      const mallory = await signUp(app.url, { name: 'Mallory' });
      const foreign = await mallory.json(`/api/keys/${created.body.id}`, undefined, { method: 'DELETE' });
      expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });

      const revoked = await alice.fetch(`/api/keys/${created.body.id}`, { method: 'DELETE' });
      expect(revoked.status).toBe(204);
      const after = await alice.json<{ items: { id: string }[] }>('/api/keys');
      expect(after.body.items.map((k) => k.id)).not.toContain(created.body.id);
    });

    it('answers 401 with the error shape when not signed in', async () => {
      const res = await fetch(`${app.url}/api/keys`, {
        method: 'POST',
        headers: { origin: app.url, 'content-type': 'application/json' },
        body: '{"name":"x"}',
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in first' } });
    });

    it('refuses cookie-authenticated state changes from another origin or none', async () => {
      const foreign = await alice.json('/api/keys', { name: 'x' }, { headers: { origin: 'https://evil.example' } });
      expect(foreign).toMatchObject({ status: 403, body: { error: { code: 'forbidden', details: { origin: 'https://evil.example', expected: app.url } } } });
      // The person who meets this runs the server: it says which origin is configured and how to change it.
      expect((foreign.body as { error: { message: string } }).error.message).toBe(
        `Requests from https://evil.example are refused: this server is configured as APP_URL=${app.url}. Open it at ${app.url}, or set APP_URL to the address people use and restart.`,
      );
      const res = await fetch(`${app.url}/api/keys`, {
        method: 'POST',
        headers: { cookie: alice.cookie, 'content-type': 'application/json' },
        body: '{"name":"x"}',
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'Missing Origin header' } });
      const keys = await alice.json<{ items: { name: string }[] }>('/api/keys');
      expect(keys.body.items.filter((k) => k.name === 'x')).toHaveLength(0);
    });

    it('answers 400 for invalid JSON and for a schema failure with details', async () => {
      const broken = await alice.fetch('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
      expect(broken.status).toBe(400);
      expect(await broken.json()).toEqual({ error: { code: 'bad_request', message: 'Request body must be valid JSON' } });
      const invalid = await alice.json<{ error: { code: string; details: { fieldErrors: Record<string, string[]> } } }>('/api/keys', { name: '' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe('bad_request');
      expect(Object.keys(invalid.body.error.details.fieldErrors)).toEqual(['name']);
    });

    it('answers 413 for a body over the cap without reading it all', async () => {
      const res = await alice.fetch('/api/keys', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe('payload_too_large');
    });

    it('tags every answer with a request id and the time the server spent on it', async () => {
      const res = await fetch(`${app.url}/api/health`, { headers: { 'x-request-id': 'trace-abc-123' } });
      expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
      expect(res.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d$/);
      const refused = await fetch(`${app.url}/api/images`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d$/);
    });
  });
}
