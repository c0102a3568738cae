// Storage usage on PGlite and PostgreSQL: what counts (originals + thumbnails of rows that are
// not rejected), the admin's top list, and the quota decided one prepare at a time per user.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { images } from '@/lib/db/schema';
import type { Db } from '@/lib/db/client';
import { AppError } from '@/lib/http/errors';
import { openTestDatabase } from '@/test/infra/databases';
import { seedUser } from '@/test/infra/seed';
import { getUsage, quotaBytes } from './get-usage';
import { listTopUsage } from './list-top-usage';
import { assertWithinQuota } from './assert-within-quota';

const MiB = 1024 * 1024;

function row(userId: string, byteSize: number, thumbnailByteSize: number | null, status: 'uploading' | 'uploaded' | 'error' = 'uploaded') {
  return { userId, key: `users/${userId}/${randomUUID()}.png`, mimeType: 'image/png', byteSize, thumbnailByteSize, status };
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe.runIf(kind === 'pglite' || inject('pgAdminUrl'))(`storage usage on ${kind}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let db: Db;

    beforeAll(async () => {
      handle = await openTestDatabase(kind, inject('pgAdminUrl'));
      db = handle.db;
    });
    afterAll(async () => handle?.dispose());

    it("sums originals and thumbnails of uploaded and uploading rows, never rejected ones or other users'", async () => {
      const [alice, bob] = [await seedUser(db), await seedUser(db)];
      expect(await getUsage(db, { userId: alice })).toEqual({ usedBytes: 0, quotaBytes: quotaBytes(), images: 0 });
      // Past 2^31, so the sum must stay a bigint on both drivers.
      await db.insert(images).values([row(alice, 3000 * MiB, 40_000), row(alice, 500, null, 'uploading'), row(alice, 7 * MiB, 1000, 'error'), row(bob, 10, 5)]);
      expect(await getUsage(db, { userId: alice })).toEqual({ usedBytes: 3000 * MiB + 40_000 + 500, quotaBytes: 1024 * MiB, images: 2 });
      expect(await getUsage(db, { userId: bob })).toMatchObject({ usedBytes: 15, images: 1 });

      const top = await listTopUsage(db, { limit: 1 });
      expect(top).toMatchObject({ quotaBytes: 1024 * MiB, users: [{ userId: alice, usedBytes: 3000 * MiB + 40_500, images: 2 }] });
      expect((await listTopUsage(db, { limit: 10 })).users.map((u) => u.userId).slice(0, 2)).toEqual([alice, bob]);
    });

    it('refuses what would pass the quota with quota_exceeded and the numbers', async () => {
      const carol = await seedUser(db);
      await db.insert(images).values(row(carol, 1000 * MiB, 0));
      await assertWithinQuota(db, { userId: carol, addBytes: 24 * MiB });
      const refused = await assertWithinQuota(db, { userId: carol, addBytes: 24 * MiB + 1 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'quota_exceeded', details: { usedBytes: 1000 * MiB, quotaBytes: 1024 * MiB } });
    });

    it('decides concurrent reservations of one user one at a time: only one of two that each fit alone gets in', async () => {
      const dave = await seedUser(db);
      const reserve = () =>
        db.transaction(async (tx) => {
          await assertWithinQuota(tx, { userId: dave, addBytes: 600 * MiB, lock: true });
          // Hold the decision open a moment, as a prepare inserting its rows does.
          await new Promise((r) => setTimeout(r, 50));
          await tx.insert(images).values(row(dave, 600 * MiB, null, 'uploading'));
        });
      const outcomes = await Promise.allSettled([reserve(), reserve()]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'quota_exceeded' });
      expect(await getUsage(db, { userId: dave })).toMatchObject({ usedBytes: 600 * MiB, images: 1 });
    });
  });
}
