// Two dispatchers on one PostgreSQL share the outbox: each event is claimed by one of them and
// delivered exactly once, to a loopback receiver verifying every signature.
import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';
import { webhookDeliveries } from '@/lib/db/schema';
import { createPostgresDatabase } from '@/test/infra/databases';
import { withEnv } from '@/test/infra/env';
import { pollUntil } from '@/test/infra/poll';
import { seedUser } from '@/test/infra/seed';
import { startReceiver } from '@/test/infra/webhook-receiver';
import { createEndpoint } from './create-endpoint';
import { Dispatcher } from './dispatcher';
import { enqueueEvent } from './enqueue-event';

// The receiver listens on loopback, which endpoints may name only with this set.
withEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' });

describe.runIf(inject('pgAdminUrl'))('two dispatchers on one PostgreSQL', () => {
  it('deliver each of 60 events exactly once between them', async () => {
    const created = await createPostgresDatabase(inject('pgAdminUrl')!);
    const [a, b] = await Promise.all([0, 1].map(() => openDatabase({ databaseUrl: created.url, dataDir: '/tmp', max: 4 })));
    const receiver = await startReceiver();
    try {
      const userId = await seedUser(a.db);
      const endpoint = await createEndpoint(a.db, { userId, isAdmin: false, url: receiver.url, events: ['image.uploaded'] });
      receiver.secrets = [endpoint.secret];
      const dispatchers = [
        new Dispatcher(a.db, { allowPrivate: true, pollMs: 20, concurrency: 4 }),
        new Dispatcher(b.db, { allowPrivate: true, pollMs: 20, concurrency: 4 }),
      ];
      for (let i = 0; i < 60; i++) await (i % 2 ? b : a).db.transaction((tx) => enqueueEvent(tx, { userId, type: 'image.uploaded', data: { i } }));
      await receiver.waitFor((all) => all.length >= 60);
      await pollUntil(
        () => a.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)),
        (r) => r.every((d) => d.status === 'delivered'),
      );
      // stop() waits for sends in flight: a duplicate, had one been claimed, has arrived by now.
      await Promise.all(dispatchers.map((d) => d.stop()));
      expect(receiver.received).toHaveLength(60);
      expect(new Set(receiver.received.map((r) => r.id)).size).toBe(60);
      expect(receiver.received.every((r) => r.verifiedBy.length === 1)).toBe(true);
      expect(new Set(receiver.received.map((r) => (r.event.data as { i: number }).i)).size).toBe(60);
    } finally {
      await receiver.close();
      await Promise.all([a.close(), b.close()]);
      await created.drop();
    }
  });
});
