// Outbound webhooks over HTTP against `next start`, on both configurations: the endpoint API
// (secret once, 404 for others, validation), every event type firing when its change
// commits, retries with the same webhook-id, test events, manual retry, and a crash between
// commit and send. A loopback receiver verifies every signature with `standardwebhooks`.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, rowsOf } from '@/lib/db/client';
import { makePng } from '@/test/fixtures/images';
import { APP_CONFIGS, startApp, type RunningApp } from '../infra/app';
import { signUp, type Client } from '../infra/client';
import { makeAdmin } from '../infra/auth';
import { newSession, uploadImages } from '../infra/uploads';
import { checkoutEvent, deliver } from '../infra/payments';
import { startReceiver, type Receiver } from '../infra/webhook-receiver';
import { canStart } from '../infra/app-suite';
import { apiKeyFor, postGenerated } from '../infra/service-api';

const ALL_USER_EVENTS = ['image.uploaded', 'image.deleted', 'listing.published', 'listing.checkout_cancelled', 'generated.created', 'generated.stage_changed'];
type Endpoint = { id: string; url: string; events: string[]; secret?: string };

async function addEndpoint(client: Client, url: string, events = ALL_USER_EVENTS) {
  const res = await client.json<Endpoint>('/api/webhook-endpoints', { url, events });
  if (res.status !== 201) throw new Error(`create endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Endpoint & { secret: string };
}

/** A generated image posted with the user's key: its id. */
async function postFox(app: RunningApp, key: string) {
  const res = await postGenerated(app, key, { prompt: 'a red fox', imageData: makePng(16, 16).toString('base64') });
  return (await res.json()) as { id: string };
}

for (const config of APP_CONFIGS) {
  describe.runIf(canStart(config))(`outbound webhooks on ${config.name}`, () => {
    let app: RunningApp;
    let receiver: Receiver;
    let alice: Client;
    let mallory: Client;
    let admin: Client;

    beforeAll(async () => {
      receiver = await startReceiver();
      app = await startApp({
        database: config.database,
        storage: config.storage,
        pgAdminUrl: inject('pgAdminUrl'),
        s3: inject('s3'),
        env: { WEBHOOK_ALLOW_PRIVATE: 'true', ADMIN_EMAILS: 'ops@example.test' },
      });
      [alice, mallory, admin] = await Promise.all([signUp(app.url), signUp(app.url), signUp(app.url, { email: 'ops@example.test' })]);
      // A listed address alone is not admin: it must be verified (or granted).
      await makeAdmin(app, 'ops@example.test');
    });
    afterAll(async () => {
      await app?.stop();
      await receiver?.close();
    });

    it('creates endpoints with a secret shown once, lists without it, and hides them from others', async () => {
      const created = await addEndpoint(alice, `${receiver.url}/api-test`, ['image.uploaded']);
      expect(created).toMatchObject({
        id: expect.any(String),
        url: `${receiver.url}/api-test`,
        events: ['image.uploaded'],
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/=]{40,}$/),
      });
      const listed = await alice.json<{ items: Endpoint[] }>('/api/webhook-endpoints');
      expect(listed.body.items.map((e) => e.id)).toContain(created.id);
      expect(JSON.stringify(listed.body)).not.toContain(created.secret);
      const one = await alice.json<Endpoint>(`/api/webhook-endpoints/${created.id}`);
      expect(one.status).toBe(200);
      expect(one.body).not.toHaveProperty('secret');
      for (const [path, method] of [
        [``, 'GET'],
        [``, 'DELETE'],
        ['/rotate-secret', 'POST'],
        ['/deliveries', 'GET'],
        ['/test', 'POST'],
      ] as const) {
        const res = await mallory.json(`/api/webhook-endpoints/${created.id}${path}`, undefined, { method });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body).toEqual({ error: { code: 'not_found', message: 'Webhook endpoint not found' } });
      }
      expect((await mallory.json<{ items: unknown[] }>('/api/webhook-endpoints')).body.items).toEqual([]);
      const rotated = await alice.json<{ secret: string; previousSecretUntil: string }>(`/api/webhook-endpoints/${created.id}/rotate-secret`, {});
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(created.secret);
      expect(new Date(rotated.body.previousSecretUntil).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
      expect((await alice.fetch(`/api/webhook-endpoints/${created.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await alice.json(`/api/webhook-endpoints/${created.id}`)).status).toBe(404);
    });

    it('refuses bad endpoints: bad URLs, unknown events, admin-only events, foreign origins, no session', async () => {
      const cases: [unknown, number][] = [
        [{ url: 'ftp://example.com/x', events: ['image.uploaded'] }, 400],
        [{ url: 'not a url', events: ['image.uploaded'] }, 400],
        [{ url: 'https://u:p@example.com/', events: ['image.uploaded'] }, 400],
        [{ url: `${receiver.url}/x`, events: [] }, 400],
        [{ url: `${receiver.url}/x`, events: ['image.exploded'] }, 400],
        [{ url: `${receiver.url}/x`, events: ['cleanup.completed'] }, 403],
      ];
      for (const [body, status] of cases) expect((await alice.json('/api/webhook-endpoints', body)).status, JSON.stringify(body)).toBe(status);
      const foreign = await alice.json(
        '/api/webhook-endpoints',
        { url: `${receiver.url}/x`, events: ['image.uploaded'] },
        { headers: { origin: 'https://evil.example' } },
      );
      expect(foreign.status).toBe(403);
      const anonymous = await fetch(`${app.url}/api/webhook-endpoints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url },
        body: '{}',
      });
      expect(anonymous.status).toBe(401);
      expect((await alice.json('/api/webhook-deliveries/00000000-0000-4000-8000-000000000000/retry', {})).status).toBe(404);
    });

    it('fires every event type once, when its change commits, signed for the endpoint', async () => {
      const endpoint = await addEndpoint(alice, `${receiver.url}/events`);
      const adminEndpoint = await addEndpoint(admin, `${receiver.url}/admin`, ['cleanup.completed']);
      receiver.secrets = [endpoint.secret, adminEndpoint.secret];
      const mine = () => receiver.received.filter((r) => r.path === '/events');
      const types = () => mine().map((r) => r.event.type);

      const session = await newSession(alice);
      const { ids } = await uploadImages(
        alice,
        { uploadSessionId: session },
        [1, 2].map((n) => ({ filename: `${n}.png`, type: 'image/png', bytes: makePng(10 + n, 10) })),
      );
      await receiver.waitFor(() => types().filter((t) => t === 'image.uploaded').length === 2);
      const uploaded = mine().find((r) => r.event.type === 'image.uploaded')!;
      expect(ids).toContain(uploaded.event.data.imageId);
      expect(uploaded.event.data).toMatchObject({ uploadSessionId: session, mimeType: 'image/png', source: 'upload' });

      expect((await alice.fetch(`/api/images/${ids[1]}`, { method: 'DELETE' })).status).toBe(204);
      await receiver.waitFor(() => types().includes('image.deleted'));
      expect(mine().find((r) => r.event.type === 'image.deleted')!.event.data.imageId).toBe(ids[1]);

      const checkout = await alice.json<{ listingId: string }>('/api/checkout', { uploadSessionId: session, title: 'Boat' });
      expect(checkout.status).toBe(201);
      expect((await deliver(app, checkoutEvent('checkout.session.completed', { listingId: checkout.body.listingId, uploadSessionId: session }))).status).toBe(
        200,
      );
      await receiver.waitFor(() => types().includes('listing.published'));
      expect(mine().find((r) => r.event.type === 'listing.published')!.event.data).toMatchObject({
        listingId: checkout.body.listingId,
        title: 'Boat',
        imageIds: [ids[0]],
      });

      const other = await newSession(alice);
      await uploadImages(alice, { uploadSessionId: other }, [{ filename: 'c.png', type: 'image/png', bytes: makePng(9, 9) }]);
      const second = await alice.json<{ listingId: string }>('/api/checkout', { uploadSessionId: other, title: 'Room' });
      // Only the expiry of the listing's open checkout returns it to draft (and is reported).
      const { checkoutSessionId } = (await alice.json<{ checkoutSessionId: string }>(`/api/listings/${second.body.listingId}`)).body;
      const expiry = { listingId: second.body.listingId, uploadSessionId: other, checkoutSessionId };
      await deliver(app, checkoutEvent('checkout.session.expired', expiry));
      await receiver.waitFor(() => types().includes('listing.checkout_cancelled'));
      // The same expiry delivered again changes nothing and says nothing.
      await deliver(app, checkoutEvent('checkout.session.expired', expiry));

      const key = await apiKeyFor(alice);
      const generated = await postFox(app, key);
      await receiver.waitFor(() => types().includes('generated.created'));
      expect(mine().find((r) => r.event.type === 'generated.created')!.event.data).toMatchObject({
        imageId: generated.id,
        prompt: 'a red fox',
        stage: 'generated',
      });
      expect((await alice.json(`/api/images/${generated.id}/stage`, { stage: 'printed' }, { method: 'PATCH' })).status).toBe(200);
      expect((await alice.json(`/api/images/${generated.id}/stage`, { stage: 'printed' }, { method: 'PATCH' })).status).toBe(200); // no change
      await receiver.waitFor(() => types().includes('generated.stage_changed'));
      expect(mine().find((r) => r.event.type === 'generated.stage_changed')!.event.data).toMatchObject({
        imageId: generated.id,
        stage: 'printed',
        previousStage: 'generated',
      });

      // A failed change reports nothing: a stage change to an unknown stage, a delete of another's image.
      expect((await alice.json(`/api/images/${generated.id}/stage`, { stage: 'melted' }, { method: 'PATCH' })).status).toBe(400);
      expect((await mallory.fetch(`/api/images/${ids[0]}`, { method: 'DELETE' })).status).toBe(404);

      const run = await admin.json<{ runId: string }>('/api/cleanup/temp-images', { action: 'cleanup-old', dryRun: true });
      expect(run.status).toBe(200);
      const [completed] = await receiver.waitFor((all) => all.some((r) => r.path === '/admin')).then((all) => all.filter((r) => r.path === '/admin'));
      expect(completed.event).toMatchObject({ type: 'cleanup.completed', data: { runId: run.body.runId, dryRun: true } });
      expect(completed.verifiedBy).toEqual([adminEndpoint.secret]);

      await new Promise((r) => setTimeout(r, 1500)); // anything extra would have arrived by now
      expect(types().sort()).toEqual([
        'generated.created',
        'generated.stage_changed',
        'image.deleted',
        'image.uploaded',
        'image.uploaded',
        'image.uploaded',
        'listing.checkout_cancelled',
        'listing.published',
      ]);
      expect(mine().every((r) => r.verifiedBy.length === 1 && r.verifiedBy[0] === endpoint.secret)).toBe(true);
      expect(new Set(mine().map((r) => r.id)).size).toBe(mine().length);
      const log = await alice.json<{ items: { eventType: string; status: string; attempts: number; lastStatusCode: number }[] }>(
        `/api/webhook-endpoints/${endpoint.id}/deliveries`,
      );
      expect(log.body.items).toHaveLength(8);
      expect(log.body.items.every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastStatusCode === 200)).toBe(true);
    });

    it('retries a 500 with the same webhook-id, sends test events, and retries by hand', async () => {
      const endpoint = await addEndpoint(alice, `${receiver.url}/flaky`, ['image.uploaded']);
      receiver.secrets = [endpoint.secret];
      let calls = 0;
      receiver.respond = (req) => (req.url === '/flaky' && ++calls === 1 ? { status: 500 } : { status: 200 });
      const session = await newSession(alice);
      await uploadImages(alice, { uploadSessionId: session }, [{ filename: 'a.png', type: 'image/png', bytes: makePng(7, 7) }]);
      const flaky = () => receiver.received.filter((r) => r.path === '/flaky');
      await receiver.waitFor(() => flaky().length === 2, 15_000); // the first retry comes within 10 s
      const [first, again] = flaky();
      expect(again.id).toBe(first.id);
      expect(again.body).toBe(first.body);
      expect(again.verifiedBy).toEqual([endpoint.secret]);

      expect((await alice.json(`/api/webhook-endpoints/${endpoint.id}/test`, {})).status).toBe(202);
      await receiver.waitFor(() => flaky().some((r) => r.event.type === 'webhook.test'));
      const log = await alice.json<{ items: { id: string; eventType: string; status: string; attempts: number }[] }>(
        `/api/webhook-endpoints/${endpoint.id}/deliveries`,
      );
      expect(log.body.items.map((d) => [d.eventType, d.status, d.attempts])).toEqual([
        ['webhook.test', 'delivered', 1],
        ['image.uploaded', 'delivered', 2],
      ]);
      const retried = await alice.json(`/api/webhook-deliveries/${log.body.items[1].id}/retry`, {});
      expect(retried).toMatchObject({ status: 202, body: { status: 'pending' } });
      await receiver.waitFor(() => flaky().filter((r) => r.id === first.id).length === 3);
      expect((await mallory.json(`/api/webhook-deliveries/${log.body.items[1].id}/retry`, {})).status).toBe(404);
      receiver.respond = () => ({ status: 200 });
    });
  });

  describe.runIf(canStart(config))(`a crash between commit and send on ${config.name}`, () => {
    it('delivers after the restart', async () => {
      const receiver = await startReceiver();
      const env = { WEBHOOK_ALLOW_PRIVATE: 'true', BETTER_AUTH_SECRET: 'b'.repeat(40) };
      const first = await startApp({
        database: config.database,
        storage: config.storage,
        pgAdminUrl: inject('pgAdminUrl'),
        s3: inject('s3'),
        env: { ...env, IMAGEDOCK_FAILPOINTS: 'webhooks:before-send:exit' },
      });
      let second: RunningApp | null = null;
      try {
        const alice = await signUp(first.url);
        const endpoint = await addEndpoint(alice, `${receiver.url}/crash`, ['generated.created']);
        receiver.secrets = [endpoint.secret];
        const key = await apiKeyFor(alice);
        const exited = new Promise((resolve) => first.process.once('exit', resolve));
        // Committed; the dispatcher dies before sending, possibly before this answer has gone out
        // (it may see the committed row first), so the image is looked up afterwards.
        await postFox(first, key).catch(() => undefined);
        expect(await exited).toBe(137);
        expect(receiver.received).toEqual([]);
        // Its claim's lease (30 s) has passed by the time the restarted instance looks.
        const handle = await openDatabase({ databaseUrl: first.databaseUrl, dataDir: first.dataDir, max: 1 });
        await handle.db.execute(sql`update webhook_deliveries set locked_until = now() - interval '1 second'`);
        const [image] = rowsOf<{ id: string }>(await handle.db.execute(sql`select id from images where source = 'generated'`));
        await handle.close();
        expect(image).toBeDefined();
        second = await startApp({
          database: config.database,
          storage: config.storage,
          pgAdminUrl: inject('pgAdminUrl'),
          s3: inject('s3'),
          databaseUrl: first.databaseUrl,
          dataDir: first.dataDir,
          env: { ...env, ...(first.env.S3_BUCKET ? { S3_BUCKET: first.env.S3_BUCKET } : {}) },
        });
        const [got] = await receiver.waitFor((all) => all.length === 1);
        expect(got.event).toMatchObject({ type: 'generated.created', data: { imageId: image.id } });
        expect(got.verifiedBy).toEqual([endpoint.secret]);
      } finally {
        await second?.stop();
        await first.stop();
        await receiver.close();
      }
    }, 180_000); // two app starts, one a first PGlite start
  });
}
