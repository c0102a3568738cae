// verify on PGlite and PostgreSQL, with the local driver and the S3 server: it finds a row
// without its object and an object without a row, records every result, and --fix-orphans
// hands both to the clean-up engine.
import { desc, eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { cleanupRuns, images, mediaChecks } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { HOUR, objectExists, seedImage } from '@/test/infra/seed';
import { lastMediaCheck } from './record-check';
import { describeLibrary, seedLibrary } from '@/test/infra/library';
import { verifyMedia } from './verify';
import { verifyAndFix } from '@/scripts/support/verify-and-fix';

describeLibrary('media verify', (suite) => {
  let handle: typeof suite.handle;
  let storage: StorageDriver;
  beforeEach(() => {
    ({ handle, storage } = suite);
  });

  it('is in step on a whole library; rows still uploading are not a fault', async () => {
    const library = await seedLibrary(handle.db, storage);
    await seedImage(handle.db, storage, { userId: library.owner, uploadSessionId: library.temp, status: 'uploading', object: false });
    const result = await verifyMedia(handle.db, storage);
    expect(result.ok).toBe(true);
    expect(result.prefixes.map((p) => [p.prefix, p.matched, p.uploading])).toEqual([
      ['temp/', 6, 1],
      ['listings/', 4, 0],
      ['users/', 1, 0],
    ]);
    expect(await lastMediaCheck(handle.db, 'verify')).toMatchObject({ id: result.checkId, summary: { ok: true } });
  });

  it('finds a planted row without an object and a planted object without a row', async () => {
    const library = await seedLibrary(handle.db, storage);
    const lost = await seedImage(handle.db, storage, { userId: library.other, listingId: library.published, object: false });
    const stray = `temp/${library.temp}/${Date.now() - 5 * HOUR}-0b9f5e2a-1c1d-4c3e-9a8b-1234567890ab.png`;
    await storage.put({ key: stray, body: Buffer.from('x'), contentType: 'image/png' });
    await storage.deleteMany([library.images[0].thumbnailKey!]);

    const result = await verifyMedia(handle.db, storage);
    expect(result.ok).toBe(false);
    const byPrefix = Object.fromEntries(result.prefixes.map((p) => [p.prefix, p]));
    expect(byPrefix['temp/']).toMatchObject({ orphanObjects: 1, missingThumbnails: 1, missingOriginals: 0 });
    expect(byPrefix['listings/']).toMatchObject({ missingOriginals: 1, missingThumbnails: 1, orphanObjects: 0 });
    expect(byPrefix['users/']).toMatchObject({ missingOriginals: 0, orphanObjects: 0, matched: 1 });
    expect(result.samples.missing).toContainEqual({ key: lost.key, imageId: lost.id, role: 'original' });
    expect(result.samples.orphans.map((o) => o.key)).toEqual([stray]);
    const [record] = await handle.db.select().from(mediaChecks).where(eq(mediaChecks.kind, 'verify')).orderBy(desc(mediaChecks.startedAt)).limit(1);
    expect(record.summary).toMatchObject({ ok: false, prefixes: result.prefixes });
    expect(record.finishedAt.getTime()).toBeGreaterThanOrEqual(record.startedAt.getTime());
  });

  it('--fix-orphans hands the orphans to the clean-up engine, then verifies again', async () => {
    const library = await seedLibrary(handle.db, storage);
    const draftless = await seedImage(handle.db, storage, { userId: library.owner, uploadSessionId: library.temp, object: false });
    const stray = `temp/${library.temp}/${Date.now() - 5 * HOUR}-0b9f5e2a-1c1d-4c3e-9a8b-1234567890ab.png`;
    await storage.put({ key: stray, body: Buffer.from('x'), contentType: 'image/png' });
    const { before, cleanup, after } = await verifyAndFix(handle, storage);
    expect(before.ok).toBe(false);
    expect(cleanup).toMatchObject({ failed: 0, dryRun: false });
    const [run] = await handle.db.select().from(cleanupRuns).where(eq(cleanupRuns.id, cleanup!.runId));
    expect(run).toMatchObject({ trigger: 'cli', action: 'cleanup-old', status: 'done' });
    expect(after?.ok).toBe(true);
    expect(await objectExists(storage, stray)).toBe(false);
    expect(await handle.db.select().from(images).where(eq(images.id, draftless.id))).toEqual([]);
    for (const image of library.images) expect(await objectExists(storage, image.key)).toBe(true);
    expect(await lastMediaCheck(handle.db, 'verify')).toMatchObject({ id: after!.checkId, summary: { ok: true, afterCleanupRun: cleanup!.runId } });
  });
});
