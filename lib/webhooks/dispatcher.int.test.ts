// The outbox and the dispatcher on PGlite and PostgreSQL, delivering to a loopback receiver
// that verifies every signature with `standardwebhooks`. Time is moved by moving rows.
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Db } from '@/lib/db/client';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '@/lib/db/schema';
import { openTestDatabase } from '@/test/infra/databases';
import { seedUser } from '@/test/infra/seed';
import { withEnv } from '@/test/infra/env';
import { pollUntil } from '@/test/infra/poll';
import { startReceiver, type Receiver } from '@/test/infra/webhook-receiver';
import { createEndpoint } from './create-endpoint';
import { enqueueEvent } from './enqueue-event';
import { rotateSecret } from './rotate-secret';
import { retryDelivery } from './retry-delivery';
import { claimDeliveries } from './claim-deliveries';
import { Dispatcher } from './dispatcher';
import { pruneOldEvents } from './queue-stats';

async function deliveriesOf(db: Db, endpointId: string) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}

/** Makes every pending delivery of an endpoint due now (its backoff has "passed"). */
const makeDue = (db: Db, endpointId: string) =>
  db.execute(sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where endpoint_id = ${endpointId}::uuid and status = 'pending'`);

withEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' });

for (const kind of ['pglite', 'postgres'] as const) {
  describe.runIf(kind === 'pglite' || inject('pgAdminUrl'))(`webhook dispatch on ${kind}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let db: Db;
    let receiver: Receiver;
    let dispatcher: Dispatcher | null = null;
    let userId: string;
    let endpoint: Awaited<ReturnType<typeof createEndpoint>>;

    beforeAll(async () => {
      handle = await openTestDatabase(kind, inject('pgAdminUrl'));
      db = handle.db;
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await receiver?.close();
      await handle?.dispose();
    });
    beforeEach(async () => {
      receiver.received.length = 0;
      receiver.respond = () => ({ status: 200 });
      userId = await seedUser(db);
      endpoint = await createEndpoint(db, { userId, isAdmin: false, url: `${receiver.url}/hook`, events: ['image.uploaded', 'generated.stage_changed'] });
      receiver.secrets = [endpoint.secret];
    });
    afterEach(async () => {
      await dispatcher?.stop();
      dispatcher = null;
    });
    const start = (allowPrivate = true) => (dispatcher = new Dispatcher(db, { allowPrivate, pollMs: 50 }));

    it('delivers a committed event once, signed, as {type, timestamp, data}, and nothing for a rolled-back one', async () => {
      start();
      await db.transaction(async (tx) => {
        expect(await enqueueEvent(tx, { userId, type: 'image.uploaded', data: { imageId: 'img-1' } })).toBe(1);
      });
      await expect(
        db.transaction(async (tx) => {
          await enqueueEvent(tx, { userId, type: 'image.uploaded', data: { imageId: 'rolled-back' } });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      // Not subscribed, and another user's: no delivery at all.
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.deleted', data: {} }));
      const [first] = await receiver.waitFor((all) => all.length >= 1);
      expect(first.path).toBe('/hook');
      expect(first.id).toMatch(/^msg_/);
      expect(first.verifiedBy).toEqual([endpoint.secret]);
      expect(first.event).toMatchObject({ type: 'image.uploaded', data: { imageId: 'img-1' } });
      expect(new Date(first.event.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const rows = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.status === 'delivered',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ attempts: 1, lastStatusCode: 200, nextAttemptAt: null });
      expect(await db.select().from(webhookEvents).where(eq(webhookEvents.userId, userId))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300)); // the dispatcher polls a few more times
      expect(receiver.received).toHaveLength(1);
    });

    it('retries a 500 with the same webhook-id and body, then records the delivery', async () => {
      receiver.respond = (_req, n) => (n === 1 ? { status: 500, body: 'database is down' } : { status: 200 });
      start();
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 1 } }));
      await receiver.waitFor((all) => all.length === 1);
      const [failed] = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.lastStatusCode === 500,
      );
      expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500: database is down' });
      // The first retry is due within 10 s.
      expect(failed.nextAttemptAt!.getTime() - failed.lastAttemptAt!.getTime()).toBeLessThanOrEqual(10_000);
      const [endpointRow] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
      expect(endpointRow.failingSince).not.toBeNull();
      await makeDue(db, endpoint.id);
      const [a, b] = await receiver.waitFor((all) => all.length === 2);
      expect(b.id).toBe(a.id);
      expect(b.body).toBe(a.body);
      expect(b.verifiedBy).toEqual([endpoint.secret]);
      const [done] = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.status === 'delivered',
      );
      expect(done).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null });
      // Marked healthy by the statement after the one that records the delivery: wait for it.
      const [recovered] = await pollUntil(
        () => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)),
        ([row]) => row.failingSince === null,
      );
      expect(recovered).toMatchObject({ failingSince: null, lastFailure: null });
    });

    it('treats a redirect as a failure and never follows it; refuses private addresses unless allowed', async () => {
      receiver.respond = (req) => (req.url === '/hook' ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : { status: 200 });
      start();
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: {} }));
      const [row] = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.lastStatusCode === 302,
      );
      expect(row.status).toBe('pending');
      expect(row.lastError).toBe('redirect not followed');
      expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
      await dispatcher!.stop();

      // Without WEBHOOK_ALLOW_PRIVATE the same loopback endpoint is refused at connect time.
      receiver.received.length = 0;
      receiver.respond = () => ({ status: 200 });
      start(false);
      await makeDue(db, endpoint.id);
      const [refused] = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.attempts === 2,
      );
      await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.lastError?.startsWith('refused') ?? false,
      );
      expect(refused.status).toBe('pending');
      const viaName = await createEndpoint(db, { userId, isAdmin: false, url: receiver.url.replace('127.0.0.1', 'localhost'), events: ['image.deleted'] });
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.deleted', data: {} }));
      const [byName] = await pollUntil(
        () => deliveriesOf(db, viaName.id),
        (r) => (r[0]?.attempts ?? 0) >= 1 && r[0]?.lockedUntil === null,
      );
      expect(byName.lastError).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a private or loopback address/);
      expect(receiver.received).toEqual([]);
    });

    it('signs with both secrets for 24 h after a rotation, then with the new one only', async () => {
      start();
      const rotated = await rotateSecret(db, { userId, endpointId: endpoint.id });
      expect(rotated.secret).toMatch(/^whsec_/);
      expect(rotated.secret).not.toBe(endpoint.secret);
      receiver.secrets = [endpoint.secret, rotated.secret];
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 1 } }));
      const [during] = await receiver.waitFor((all) => all.length === 1);
      expect(during.signature.split(' ')).toHaveLength(2);
      expect(during.verifiedBy.sort()).toEqual([endpoint.secret, rotated.secret].sort());
      // 24 h later.
      await db.execute(sql`update webhook_endpoints set previous_secret_until = now() - interval '1 second' where id = ${endpoint.id}::uuid`);
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 2 } }));
      const [, after] = await receiver.waitFor((all) => all.length === 2);
      expect(after.signature.split(' ')).toHaveLength(1);
      expect(after.verifiedBy).toEqual([rotated.secret]);
    });

    it('gives up after 24 h (failed, retryable by hand) and disables an endpoint failing 3 days in a row', async () => {
      receiver.respond = () => ({ status: 503 });
      start();
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 1 } }));
      await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.attempts === 1 && r[0].lockedUntil === null,
      );
      // 24 h of retries have passed.
      await db.execute(sql`update webhook_deliveries set retry_until = now(), next_attempt_at = now() where endpoint_id = ${endpoint.id}::uuid`);
      const [failed] = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.status === 'failed',
      );
      expect(failed).toMatchObject({ attempts: 2, lastStatusCode: 503, nextAttemptAt: null });
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received).toHaveLength(2); // nothing more on its own

      // A retry by hand sends it again, now answered.
      receiver.respond = () => ({ status: 204 });
      expect(await retryDelivery(db, { userId, deliveryId: failed.id })).toEqual({ id: failed.id, status: 'pending' });
      await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.status === 'delivered',
      );
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
      const stranger = await seedUser(db);
      await expect(retryDelivery(db, { userId: stranger, deliveryId: failed.id })).rejects.toMatchObject({ code: 'not_found' });

      // Now failing since three days ago: the next failure disables it and stops its queue.
      receiver.respond = () => ({ status: 500 });
      await db.execute(sql`update webhook_endpoints set failing_since = now() - interval '3 days 1 minute' where id = ${endpoint.id}::uuid`);
      await db.transaction(async (tx) => {
        await enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 2 } });
        await enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 3 } });
      });
      const [disabled] = await pollUntil(
        () => db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)),
        (r) => r[0]?.disabledAt !== null,
      );
      expect(disabled.disabledReason).toMatch(/^Every delivery failed for 3 days in a row \(last: HTTP 500\)/);
      const rows = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r.every((d) => d.status !== 'pending'),
      );
      expect(rows.filter((d) => d.status === 'failed')).toHaveLength(2);
      // Disabled: new events are not queued for it, and a retry by hand is refused.
      expect(await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: {} }))).toBe(0);
      await expect(retryDelivery(db, { userId, deliveryId: rows[0].id })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('keeps the log 30 days, never pruning an event still waiting to be delivered', async () => {
      await db.transaction(async (tx) => {
        await enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 'old, delivered' } });
        await enqueueEvent(tx, { userId, type: 'image.uploaded', data: { n: 'old, pending' } });
      });
      const events = await db.select().from(webhookEvents).where(eq(webhookEvents.userId, userId));
      const [delivered, pending] = [events.find((e) => e.body.includes('delivered'))!, events.find((e) => e.body.includes('pending'))!];
      await db.execute(sql`update webhook_events set created_at = now() - interval '31 days' where user_id = ${userId}`);
      await db.execute(sql`update webhook_deliveries set status = 'delivered' where event_id = ${delivered.id}`);
      await pruneOldEvents(db);
      const left = await db.select().from(webhookEvents).where(eq(webhookEvents.userId, userId));
      expect(left.map((e) => e.id)).toEqual([pending.id]);
      expect((await deliveriesOf(db, endpoint.id)).map((d) => d.eventId)).toEqual([pending.id]);
    });

    it('takes over a delivery whose claimant died once its lease has passed', async () => {
      await db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: {} }));
      const claimed = await claimDeliveries(db, 10); // an instance claims it and dies before sending
      expect(claimed.map((c) => c.endpointId)).toContain(endpoint.id);
      start();
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.received).toEqual([]); // leased to the dead instance
      await db.execute(sql`update webhook_deliveries set locked_until = now() - interval '1 second' where endpoint_id = ${endpoint.id}::uuid`);
      await receiver.waitFor((all) => all.length === 1);
      const [row] = await pollUntil(
        () => deliveriesOf(db, endpoint.id),
        (r) => r[0]?.status === 'delivered',
      );
      expect(row.attempts).toBe(2);
    });
  });
}
