// Snapshot → purge → restore on PGlite and PostgreSQL, with the local driver and the S3
// server: the same rows come back, a second restore changes nothing, and purge and restore
// refuse what they cannot trust, changing nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { images, mediaChecks, users } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { objectExists, seedImage } from '@/test/infra/seed';
import { executePurge, requireFreshSnapshot } from './purge';
import { restoreMedia } from './restore';
import { createSnapshot } from './snapshot';
import { describeLibrary, emptyLibrary, imageIds, seedLibrary } from '@/test/infra/library';

const journal = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'imagedock-exports-'));
/** The file without its header line: everything but the creation time. */
const bodyOf = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1).join('\n');
const headerOf = (file: string) => JSON.parse(readFileSync(file, 'utf8').split('\n')[0].slice('{"header":'.length, -',"body":'.length));

describeLibrary('media snapshot, purge, restore', (suite) => {
  let handle: typeof suite.handle;
  let storage: StorageDriver;
  beforeEach(() => {
    ({ handle, storage } = suite);
  });

  it('gives back exactly the same rows, and a second restore changes nothing', async () => {
    const db = handle.db;
    const library = await seedLibrary(db, storage);
    const dir = tempDir();
    const first = await createSnapshot(db, { outDir: dir });
    expect(path.basename(first.file)).toMatch(/^media-snapshot-\d{8}T\d{6}Z(-\d+)?\.json$/);
    expect(first.header).toMatchObject({
      totalImages: 6,
      totalListings: 2,
      totalUploadSessions: 2,
      schemaVersion: journal.entries.length,
      schemaTag: journal.entries[journal.entries.length - 1].tag,
    });
    // The file is one JSON document, and bodySha256 is the hash of its exact body bytes.
    const parsed = JSON.parse(readFileSync(first.file, 'utf8'));
    expect(parsed.body.images).toHaveLength(6);
    expect(parsed.body.images.find((r: { id: string }) => r.id === library.images[4].id).confirmedAt).toBe('2026-01-02T03:04:05.123456Z');
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(bodyOf(first.file).replace(/\n}\n$/, ''))
        .digest('hex'),
    ).toBe(first.header.bodySha256);
    const [record] = await db.select().from(mediaChecks).where(eq(mediaChecks.kind, 'snapshot'));
    expect(record.summary).toMatchObject({ file: first.file, totalImages: 6, totalListings: 2 });

    const fresh = await requireFreshSnapshot(db, dir);
    expect(fresh.file).toBe(first.file);
    expect(await executePurge(db, fresh.header)).toEqual({ deleted: 6 });
    expect(await imageIds(db)).toEqual([]);
    for (const image of library.images) expect(await objectExists(storage, image.key)).toBe(true);

    const dry = await restoreMedia(db, storage, first.file, { live: false });
    expect(dry.restored.images).toBe(6);
    expect(await imageIds(db)).toEqual([]);

    const live = await restoreMedia(db, storage, first.file, { live: true });
    expect(live).toMatchObject({
      restored: { uploadSessions: 0, listings: 0, images: 6 },
      present: { uploadSessions: 2, listings: 2, images: 0 },
      samples: [],
    });
    const second = await createSnapshot(db, { outDir: dir });
    expect(second.file).not.toBe(first.file);
    expect(bodyOf(second.file)).toBe(bodyOf(first.file));
    const { createdAt: a, ...restFirst } = headerOf(first.file);
    const { createdAt: b, ...restSecond } = headerOf(second.file);
    expect(restSecond).toEqual(restFirst);
    expect(b >= a).toBe(true);

    const again = await restoreMedia(db, storage, first.file, { live: true });
    expect(again).toMatchObject({
      restored: { uploadSessions: 0, listings: 0, images: 0 },
      present: { uploadSessions: 2, listings: 2, images: 6 },
      samples: [],
    });
    expect(bodyOf((await createSnapshot(db, { outDir: dir })).file)).toBe(bodyOf(first.file));
  });

  it('restores missing listings and sessions first, and reports rows whose owner or object is gone', async () => {
    const db = handle.db;
    const library = await seedLibrary(db, storage);
    const dir = tempDir();
    const { file } = await createSnapshot(db, { outDir: dir });
    // The owner's account goes (and with it, by cascade, their sessions, listing and images);
    // one of the other user's objects is lost.
    await db.delete(users).where(eq(users.id, library.owner));
    await db.delete(images);
    await storage.deleteMany([library.images[3].key]);
    const result = await restoreMedia(db, storage, file, { live: true });
    expect(result.problems).toMatchObject({ 'owner-missing': 2 + 1 + 3, 'object-missing': 1 });
    expect(result.samples).toContainEqual({ section: 'images', id: library.images[3].id, reason: 'object-missing', key: library.images[3].key });
    expect(result.restored).toEqual({ uploadSessions: 0, listings: 0, images: 2 });
    expect(await imageIds(db)).toEqual([library.images[4].id, library.images[5].id].sort());

    await emptyLibrary(db);
    const back = await seedLibrary(db, storage);
    const snapshot = await createSnapshot(db, { outDir: tempDir() });
    await emptyLibrary(db);
    await db.insert(users).values([
      { id: back.owner, name: 'A', email: 'a@example.test' },
      { id: back.other, name: 'B', email: 'b@example.test' },
    ]);
    const rebuilt = await restoreMedia(db, storage, snapshot.file, { live: true });
    expect(rebuilt.restored).toEqual({ uploadSessions: 2, listings: 2, images: 6 });
    expect(rebuilt.samples).toEqual([]);
  });

  it('refuses to purge without a fresh snapshot that still matches, changing nothing', async () => {
    const db = handle.db;
    const library = await seedLibrary(db, storage);
    const before = await imageIds(db);
    const empty = tempDir();
    await expect(requireFreshSnapshot(db, empty)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/No snapshot/) });
    const dir = tempDir();
    const { file, header } = await createSnapshot(db, { outDir: dir });
    await expect(requireFreshSnapshot(db, dir, { now: Date.now() + 25 * 3600_000 })).rejects.toMatchObject({
      message: expect.stringMatching(/h old \(at most 24 h\)/),
    });

    const added = await seedImage(db, storage, { userId: library.owner, uploadSessionId: library.temp });
    await expect(requireFreshSnapshot(db, dir)).rejects.toMatchObject({ message: expect.stringMatching(/7 images and 2 listings, the snapshot 6 and 2/) });
    // Same count, different images: counts alone would be fooled.
    await db.delete(images).where(eq(images.id, library.images[0].id));
    await expect(requireFreshSnapshot(db, dir)).rejects.toMatchObject({ message: expect.stringMatching(/not the same images/) });
    // A change between the check and the purge is caught under the lock.
    await expect(executePurge(db, header)).rejects.toMatchObject({ code: 'conflict' });
    expect(await imageIds(db)).toEqual([...before.filter((id) => id !== library.images[0].id), added.id].sort());

    // A damaged newest snapshot is not trusted either.
    await db.delete(images).where(eq(images.id, added.id));
    writeFileSync(file, readFileSync(file, 'utf8').replace('"a boat at dusk"', '"a boat at dawn"'));
    await expect(requireFreshSnapshot(db, dir)).rejects.toMatchObject({ message: expect.stringMatching(/cannot be trusted/) });
    expect((await imageIds(db)).length).toBe(5);
  });

  it('refuses a truncated or edited snapshot, changing nothing', async () => {
    const db = handle.db;
    await seedLibrary(db, storage);
    const { file } = await createSnapshot(db, { outDir: tempDir() });
    await db.delete(images);
    const text = readFileSync(file, 'utf8');
    const variants = {
      truncated: text.slice(0, Math.floor(text.length * 0.7)),
      'cut at a row': `${text.split('\n').slice(0, -4).join('\n')}\n`,
      edited: text.replace('"a boat at dusk"', '"a boat at dawn"'),
      'hash rewritten': text.replace(/"bodySha256":"[0-9a-f]{64}"/, `"bodySha256":"${'0'.repeat(64)}"`),
      'not a snapshot': '{"hello":"world"}\n',
    };
    for (const [name, content] of Object.entries(variants)) {
      const damaged = path.join(tempDir(), `${name.replace(/ /g, '-')}.json`);
      writeFileSync(damaged, content);
      await expect(restoreMedia(db, storage, damaged, { live: true }), name).rejects.toMatchObject({ code: 'unprocessable' });
      expect(await imageIds(db)).toEqual([]);
    }
  });
});
