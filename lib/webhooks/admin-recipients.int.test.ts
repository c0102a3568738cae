// cleanup.completed goes to the endpoints of admins only, by the rule of lib/auth/admin-rights:
// a verified address in ADMIN_EMAILS or a stored grant. A listed address nobody verified is
// not an admin (anyone can sign up with it), so its endpoint hears nothing.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCleanup } from '@/lib/cleanup/run-cleanup';
import { users, webhookDeliveries, webhookEndpoints, webhookEvents } from '@/lib/db/schema';
import { grantAdmin, revokeAdmin } from '@/lib/auth/admin-grants';
import { openTestDatabase } from '@/test/infra/databases';
import { withEnv } from '@/test/infra/env';
import { testStorage } from '@/test/infra/seed';
import { createEndpoint } from './create-endpoint';

const LISTED = ['verified-ops@example.test', 'unverified-ops@example.test'];

// Upper case in the list, as an operator might write it: addresses compare case-insensitively.
withEnv({ WEBHOOK_ALLOW_PRIVATE: 'true', ADMIN_EMAILS: LISTED.map((e) => e.toUpperCase()).join(',') });

for (const kind of ['pglite', 'postgres'] as const) {
  describe.runIf(kind === 'pglite' || inject('pgAdminUrl'))(`cleanup.completed recipients on ${kind}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    beforeAll(async () => {
      handle = await openTestDatabase(kind, inject('pgAdminUrl'));
    });
    afterAll(async () => handle?.dispose());

    it('reaches a verified listed admin and a granted one, never an unverified listed address or a revoked grant', async () => {
      const { db } = handle;
      // Every endpoint subscribes as an admin would have (a former admin's endpoint stays).
      const person = async (email: string, emailVerified: boolean) => {
        const id = randomUUID();
        await db.insert(users).values({ id, name: email, email, emailVerified });
        const endpoint = await createEndpoint(db, { userId: id, isAdmin: true, url: `http://127.0.0.1:9/${email}`, events: ['cleanup.completed'] });
        return endpoint.id;
      };
      const endpoints = {
        verifiedListed: await person(LISTED[0], true),
        unverifiedListed: await person(LISTED[1], false),
        granted: await person('granted@example.test', false),
        revoked: await person('revoked@example.test', true),
        nobody: await person('user@example.test', true),
      };
      expect(await grantAdmin(db, 'granted@example.test')).toBe(true);
      await grantAdmin(db, 'revoked@example.test');
      expect(await revokeAdmin(db, 'revoked@example.test')).toBe(true);

      const summary = await runCleanup(handle, await testStorage('local', null), { trigger: 'api', action: 'cleanup-old', dryRun: true });
      const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.type, 'cleanup.completed'));
      expect(JSON.parse(event.body)).toMatchObject({ type: 'cleanup.completed', data: { runId: summary.runId, dryRun: true } });
      const reached = await db.select({ endpointId: webhookDeliveries.endpointId }).from(webhookDeliveries).where(eq(webhookDeliveries.eventId, event.id));
      expect(reached.map((d) => d.endpointId).sort()).toEqual([endpoints.verifiedListed, endpoints.granted].sort());

      // Once the listed address is verified it is an admin, and the next run reaches it too.
      await db.update(users).set({ emailVerified: true }).where(eq(users.email, LISTED[1]));
      await runCleanup(handle, await testStorage('local', null), { trigger: 'api', action: 'cleanup-old', dryRun: true });
      const perEndpoint = await db
        .select({ endpointId: webhookDeliveries.endpointId })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId));
      const count = (id: string) => perEndpoint.filter((d) => d.endpointId === id).length;
      expect([endpoints.verifiedListed, endpoints.granted, endpoints.unverifiedListed, endpoints.revoked, endpoints.nobody].map(count)).toEqual([
        2, 2, 1, 0, 0,
      ]);
    });
  });
}
