// A promotion and a clean-up racing on one session: clean-up runs exactly between the
// promotion's read of the rows and its copies, and no paid image is lost.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { images, listings, paymentEvents } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { HOUR, objectExists, seedImage, seedListing, seedSession, seedUser } from '@/test/infra/seed';
import { promoteListing } from '@/lib/payments/promote-listing';
import { runCleanup } from './run-cleanup';
import { describeStacks, TWO_STACKS } from '@/test/infra/stacks';

describeStacks('promotion racing clean-up', TWO_STACKS, (suite) => {
  let userId: string;

  beforeAll(async () => {
    userId = await seedUser(suite.handle.db);
  });

  // A draft: its checkout was cancelled, and the old checkout is paid late.
  for (const state of ['pending_payment', 'draft'] as const) {
    it(`keeps every paid image when the checkout is ${state}`, async () => {
      const { handle, storage } = suite;
      const { db } = handle;
      const session = await seedSession(db, userId, 5 * HOUR);
      const seeded = await Promise.all([1, 2, 3].map(() => seedImage(db, storage, { userId, uploadSessionId: session, ageMs: 5 * HOUR })));
      const listingId = await seedListing(db, userId, state, session);
      const eventId = `evt_race_${state}`;
      await db.insert(paymentEvents).values({ id: eventId, type: 'checkout.session.completed', state: 'processing' });
      let cleanupRun: ReturnType<typeof runCleanup> | undefined;
      const racing: StorageDriver = Object.create(storage);
      racing.copy = async (input) => {
        // The promotion has read its rows; clean-up gets its chance right now.
        cleanupRun ??= runCleanup(handle, storage, { trigger: 'cron', action: 'cleanup-old', hoursOld: 0, dryRun: false });
        await cleanupRun;
        return storage.copy(input);
      };
      await promoteListing(db, racing, { listingId, uploadSessionId: session, eventId });
      expect(await cleanupRun).toMatchObject({ deleted: 0 });
      const [listing] = await db.select().from(listings).where(eq(listings.id, listingId));
      expect(listing.status).toBe('published');
      const rows = await db.select().from(images).where(eq(images.listingId, listingId));
      expect(rows.map((r) => r.id).sort()).toEqual(seeded.map((s) => s.id).sort());
      for (const row of rows) {
        expect(row.key).toMatch(new RegExp(`^listings/${listingId}/`));
        expect(await objectExists(storage, row.key)).toBe(true);
        expect(await objectExists(storage, row.thumbnailKey)).toBe(true);
      }
    });
  }
});
