// The clean-up engine on PGlite and PostgreSQL, with the local driver and Ceph RGW.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cleanupRuns, images, listings, mediaChecks, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { openTestDatabase } from '@/test/infra/databases';
import { HOUR, objectExists, seedImage, seedListing, seedSession, seedUser, testStorage } from '@/test/infra/seed';
import { runCleanup, type CleanupOptions } from './run-cleanup';
import { canReach, ALL_STACKS } from '@/test/infra/stacks';

/** A real driver that counts delete calls and can be told to fail one key. */
function instrumented(inner: StorageDriver, failKey?: () => string | null) {
  const calls = { deleteMany: 0 };
  const driver: StorageDriver = Object.create(inner);
  driver.deleteMany = async (keys) => {
    calls.deleteMany += 1;
    const bad = failKey?.();
    const result = await inner.deleteMany(keys.filter((k) => k !== bad));
    return bad && keys.includes(bad) ? { ...result, failed: [...result.failed, { key: bad, message: 'AccessDenied' }] } : result;
  };
  return { driver, calls };
}

for (const m of ALL_STACKS) {
  describe.runIf(canReach(m))(`clean-up on ${m.db} + ${m.storage}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let storage: StorageDriver;
    let userId: string;
    const run = (options: Partial<CleanupOptions> = {}, driver = storage) =>
      runCleanup(handle, driver, { trigger: 'api', action: 'cleanup-old', dryRun: false, ...options });

    beforeAll(async () => {
      handle = await openTestDatabase(m.db, inject('pgAdminUrl'));
      storage = await testStorage(m.storage, inject('s3'));
      userId = await seedUser(handle.db);
    });
    afterAll(async () => handle?.dispose());

    it('removes stale temp images, stuck uploads and orphans both ways; spares the rest; dry run first', async () => {
      const db = handle.db;
      const stale = await seedSession(db, userId, 3 * HOUR);
      const staleImages = [
        await seedImage(db, storage, { userId, uploadSessionId: stale, ageMs: 3 * HOUR }),
        await seedImage(db, storage, { userId, uploadSessionId: stale, ageMs: 3 * HOUR, status: 'error', object: false }),
      ];
      const fresh = await seedSession(db, userId);
      const freshImage = await seedImage(db, storage, { userId, uploadSessionId: fresh, ageMs: 10 * 60_000 });
      const payable = await seedSession(db, userId, 5 * HOUR);
      await seedListing(db, userId, 'pending_payment', payable);
      const payableImage = await seedImage(db, storage, { userId, uploadSessionId: payable, ageMs: 5 * HOUR });
      const draft = await seedListing(db, userId, 'draft');
      const stuck = await seedImage(db, storage, { userId, listingId: draft, ageMs: 25 * HOUR, status: 'uploading', object: false });
      const recentUploading = await seedImage(db, storage, { userId, listingId: draft, ageMs: HOUR, status: 'uploading', object: false });
      const rowWithoutObject = await seedImage(db, storage, { userId, listingId: draft, ageMs: 3 * HOUR, object: false });
      const published = await seedListing(db, userId, 'published');
      const publishedImage = await seedImage(db, storage, { userId, listingId: published, ageMs: 30 * HOUR });
      const publishedMissing = await seedImage(db, storage, { userId, listingId: published, ageMs: 30 * HOUR, object: false });
      const orphanKey = `temp/${stale}/${Date.now() - 4 * HOUR}-0b9f5e2a-1c1d-4c3e-9a8b-1234567890ab.png`;
      const youngOrphan = `listings/${published}/0b9f5e2a-1c1d-4c3e-9a8b-000000000000.png`;
      await storage.put({ key: orphanKey, body: Buffer.from('x'), contentType: 'image/png' });
      await storage.put({ key: youngOrphan, body: Buffer.from('x'), contentType: 'image/png' });

      const everything = async () => ({
        rows: (await db.select({ id: images.id }).from(images)).map((r) => r.id).sort(),
        keys: (await storage.list('', { limit: 1000 })).objects.map((o) => o.key).sort(),
      });
      const before = await everything();
      const dry = await run({ dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, deleted: 0, failed: 0 });
      // 2 stale temp rows + 1 stuck + 1 row without object + 1 orphan object
      expect(dry.found).toBe(5);
      expect(await everything()).toEqual(before);

      const live = await run();
      expect(live).toMatchObject({ found: 5, deleted: 5, failed: 0, dryRun: false });
      const rows = (await db.select({ id: images.id }).from(images)).map((r) => r.id);
      for (const gone of [...staleImages, stuck, rowWithoutObject]) expect(rows).not.toContain(gone.id);
      for (const kept of [freshImage, payableImage, recentUploading, publishedImage, publishedMissing]) expect(rows).toContain(kept.id);
      for (const gone of [staleImages[0].key, staleImages[0].thumbnailKey, orphanKey]) expect(await objectExists(storage, gone)).toBe(false);
      for (const kept of [freshImage.key, payableImage.key, publishedImage.key, youngOrphan]) expect(await objectExists(storage, kept)).toBe(true);

      const again = await run();
      expect(again).toMatchObject({ found: 0, deleted: 0, failed: 0 });
      const [record] = await db.select().from(cleanupRuns).where(eq(cleanupRuns.id, live.runId));
      expect(record).toMatchObject({ trigger: 'api', action: 'cleanup-old', dryRun: false, status: 'done', found: 5, deleted: 5, failed: 0 });
      expect(record.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('abandons a draft untouched for DRAFT_MAX_AGE_DAYS, measured from its last change, and keeps every younger one', async () => {
      const db = handle.db;
      const DAY = 24 * HOUR;
      const draftOf = async (ageMs: number) => {
        const session = await seedSession(db, userId, ageMs);
        const listingId = await seedListing(db, userId, 'draft', session);
        const at = new Date(Date.now() - ageMs);
        await db.update(listings).set({ updatedAt: at }).where(eq(listings.id, listingId));
        const temp = await seedImage(db, storage, { userId, uploadSessionId: session, ageMs });
        const own = await seedImage(db, storage, { userId, listingId, ageMs });
        return { session, listingId, temp, own };
      };
      const stale = await draftOf(8 * DAY);
      const captioned = await draftOf(8 * DAY);
      await db
        .update(images)
        .set({ updatedAt: new Date(Date.now() - HOUR) })
        .where(eq(images.id, captioned.own.id));
      const renamed = await draftOf(8 * DAY);
      await db.update(listings).set({ updatedAt: new Date() }).where(eq(listings.id, renamed.listingId));
      const uploadedInto = await draftOf(8 * DAY);
      await db
        .update(uploadSessions)
        .set({ updatedAt: new Date(Date.now() - DAY) })
        .where(eq(uploadSessions.id, uploadedInto.session));
      const sixDays = await draftOf(6 * DAY);

      const dry = await run({ dryRun: true });
      expect(dry.found).toBe(2);
      expect((await db.select().from(listings).where(eq(listings.id, stale.listingId)))[0].status).toBe('draft');
      expect(await run()).toMatchObject({ found: 2, deleted: 2, failed: 0 });
      const [abandoned] = await db.select().from(listings).where(eq(listings.id, stale.listingId));
      expect(abandoned.status).toBe('abandoned');
      for (const gone of [stale.temp, stale.own]) {
        expect(await db.select().from(images).where(eq(images.id, gone.id))).toEqual([]);
        expect(await objectExists(storage, gone.key)).toBe(false);
      }
      for (const kept of [captioned, renamed, uploadedInto, sixDays]) {
        const [row] = await db.select().from(listings).where(eq(listings.id, kept.listingId));
        expect(row.status).toBe('draft');
        for (const image of [kept.temp, kept.own]) expect(await objectExists(storage, image.key)).toBe(true);
      }
      // Operators' session deletes spare a young draft too.
      await expect(run({ action: 'delete-session', uploadSessionId: sixDays.session })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('deletes 2,500 stale objects in three storage calls', async () => {
      const session = await seedSession(handle.db, userId, 3 * HOUR);
      const old = Date.now() - 3 * HOUR;
      const keys = Array.from({ length: 2500 }, (_, i) => `temp/${session}/${old}-${String(i).padStart(8, '0')}-0000-4000-8000-000000000000.png`);
      for (let i = 0; i < keys.length; i += 100)
        await Promise.all(keys.slice(i, i + 100).map((key) => storage.put({ key, body: Buffer.from('x'), contentType: 'image/png' })));
      const { driver, calls } = instrumented(storage);
      const result = await run({}, driver);
      expect(result).toMatchObject({ found: 2500, deleted: 2500, failed: 0 });
      expect(calls.deleteMany).toBe(3);
      expect((await storage.list(`temp/${session}/`)).objects).toEqual([]);
    }, 180_000);

    it('deletes 2,500 stale images without thumbnails (rows + objects) in three storage calls', async () => {
      const session = await seedSession(handle.db, userId, 3 * HOUR);
      const old = Date.now() - 3 * HOUR;
      const rows = Array.from({ length: 2500 }, () => {
        const id = randomUUID();
        return {
          id,
          userId,
          uploadSessionId: session,
          key: `temp/${session}/${old}-${id}.png`,
          mimeType: 'image/png',
          byteSize: 1,
          status: 'uploaded' as const,
          createdAt: new Date(old),
          updatedAt: new Date(old),
        };
      });
      for (let i = 0; i < rows.length; i += 500) await handle.db.insert(images).values(rows.slice(i, i + 500));
      for (let i = 0; i < rows.length; i += 100)
        await Promise.all(rows.slice(i, i + 100).map((r) => storage.put({ key: r.key, body: Buffer.from('x'), contentType: 'image/png' })));
      const { driver, calls } = instrumented(storage);
      expect(await run({}, driver)).toMatchObject({ found: 2500, deleted: 2500, failed: 0 });
      // ⌈2,500 / 1,000⌉: whole calls, not one per 500-row batch.
      expect(calls.deleteMany).toBe(3);
      expect((await storage.list(`temp/${session}/`)).objects).toEqual([]);
      expect(await handle.db.select().from(images).where(eq(images.uploadSessionId, session))).toEqual([]);
    }, 180_000);

    it('keeps a row whose object failed to delete, counts it, and removes it next run', async () => {
      const session = await seedSession(handle.db, userId, 3 * HOUR);
      const image = await seedImage(handle.db, storage, { userId, uploadSessionId: session, ageMs: 3 * HOUR });
      const { driver } = instrumented(storage, () => image.key);
      expect(await run({}, driver)).toMatchObject({ found: 1, deleted: 0, failed: 1 });
      expect(await handle.db.select().from(images).where(eq(images.id, image.id))).toHaveLength(1);
      expect(await run()).toMatchObject({ found: 1, deleted: 1, failed: 0 });
      expect(await handle.db.select().from(images).where(eq(images.id, image.id))).toHaveLength(0);
    });

    it('runs one at a time: a concurrent run is refused and nothing is deleted twice', async () => {
      const session = await seedSession(handle.db, userId, 3 * HOUR);
      for (let i = 0; i < 3; i++) await seedImage(handle.db, storage, { userId, uploadSessionId: session, ageMs: 3 * HOUR });
      // The first run is held inside its storage call (a gate, not a sleep) while the second starts.
      let entered!: () => void;
      let open!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const gate = new Promise<void>((resolve) => (open = resolve));
      const held: StorageDriver = Object.create(storage);
      held.deleteMany = async (keys) => {
        entered();
        await gate;
        return storage.deleteMany(keys);
      };
      const first = run({}, held);
      await inside;
      const second = await run({}, held).then(
        () => null,
        (err: unknown) => err,
      );
      expect(second).toBeInstanceOf(AppError);
      expect((second as AppError).code).toBe('conflict');
      open();
      expect((await first).deleted).toBe(3);
      const runs = await handle.db.select().from(cleanupRuns).where(eq(cleanupRuns.status, 'skipped'));
      expect(runs.length).toBeGreaterThanOrEqual(1);
    });

    it('leaves unreferenced permanent objects alone after a media purge until a restore', async () => {
      const key = `listings/${crypto.randomUUID()}/${crypto.randomUUID()}.png`;
      await storage.put({ key, body: Buffer.from('x'), contentType: 'image/png' });
      await handle.db.insert(mediaChecks).values({ kind: 'purge', startedAt: new Date(), finishedAt: new Date(), summary: {} });
      const paused = await run({ hoursOld: 0 });
      expect(await objectExists(storage, key)).toBe(true);
      const [record] = await handle.db.select().from(cleanupRuns).where(eq(cleanupRuns.id, paused.runId));
      expect(record.errors.join()).toMatch(/paused: image references were purged/);
      await handle.db.insert(mediaChecks).values({ kind: 'restore', startedAt: new Date(Date.now() + 1), finishedAt: new Date(), summary: {} });
      await run({ hoursOld: 0 });
      expect(await objectExists(storage, key)).toBe(false);
    });

    it('deletes one session on request, refuses a payable one, and delete-all spares payable sessions', async () => {
      const db = handle.db;
      const one = await seedSession(db, userId);
      const mine = await seedImage(db, storage, { userId, uploadSessionId: one });
      expect(await run({ action: 'delete-session', uploadSessionId: one })).toMatchObject({ found: 1, deleted: 1 });
      expect(await objectExists(storage, mine.key)).toBe(false);
      const payable = await seedSession(db, userId);
      await seedListing(db, userId, 'pending_payment', payable);
      const kept = await seedImage(db, storage, { userId, uploadSessionId: payable });
      await expect(run({ action: 'delete-session', uploadSessionId: payable })).rejects.toMatchObject({ code: 'conflict' });
      await expect(run({ action: 'delete-session', uploadSessionId: 'sess_1_nope' })).rejects.toMatchObject({ code: 'not_found' });
      const other = await seedSession(db, userId);
      const doomed = await seedImage(db, storage, { userId, uploadSessionId: other });
      await run({ action: 'delete-all' });
      expect(await objectExists(storage, doomed.key)).toBe(false);
      expect(await objectExists(storage, kept.key)).toBe(true);
    });
  });
}
