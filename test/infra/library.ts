// A small but complete media library for the media tools' tests: temp uploads, a listing in
// checkout, a published listing, a generated image with prompt and metadata, a caption, a
// timestamp with microseconds (which a JavaScript Date would lose), all with their objects.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import type { Db } from '@/lib/db/client';
import { images, listings, mediaChecks, uploadSessions, users } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { openTestDatabase } from '@/test/infra/databases';
import { HOUR, seedImage, seedListing, seedSession, seedUser, testStorage } from '@/test/infra/seed';
import { canReach, ALL_STACKS } from './stacks';

interface LibrarySuite {
  handle: Awaited<ReturnType<typeof openTestDatabase>>;
  /** A fresh driver for each test, on a library emptied before it. */
  storage: StorageDriver;
}

/**
 * `describe(\`${title} on <db> + <storage>\`)` for each pair this run can reach (PostgreSQL and
 * the S3 server may be missing outside CI). `suite` is filled in before the body's own hooks.
 */
export function describeLibrary(title: string, body: (suite: LibrarySuite) => void) {
  for (const m of ALL_STACKS) {
    describe.runIf(canReach(m))(`${title} on ${m.db} + ${m.storage}`, () => {
      const suite = {} as LibrarySuite;
      beforeAll(async () => {
        suite.handle = await openTestDatabase(m.db, inject('pgAdminUrl'));
      });
      beforeEach(async () => {
        await emptyLibrary(suite.handle.db);
        suite.storage = await testStorage(m.storage, inject('s3'));
      });
      afterAll(async () => suite.handle?.dispose());
      body(suite);
    });
  }
}

export async function seedLibrary(db: Db, storage: StorageDriver) {
  const owner = await seedUser(db);
  const other = await seedUser(db);
  const temp = await seedSession(db, owner, HOUR);
  const checkout = await seedSession(db, owner, 3 * HOUR);
  const pending = await seedListing(db, owner, 'pending_payment', checkout);
  const published = await seedListing(db, other, 'published');
  const seeded = [
    await seedImage(db, storage, { userId: owner, uploadSessionId: temp, ageMs: 30 * 60_000 }),
    await seedImage(db, storage, { userId: owner, uploadSessionId: temp, ageMs: 20 * 60_000 }),
    await seedImage(db, storage, { userId: owner, uploadSessionId: checkout, ageMs: 3 * HOUR }),
    await seedImage(db, storage, { userId: other, listingId: published, ageMs: 30 * HOUR }),
    await seedImage(db, storage, { userId: other, listingId: published, ageMs: 29 * HOUR }),
  ];
  await db
    .update(images)
    .set({
      caption: 'Bow, port side — "wet"',
      position: 1,
      width: 4,
      height: 4,
      placeholder: 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
      originalFilename: 'bow.png',
    })
    .where(eq(images.id, seeded[3].id));
  await db.execute(sql`update ${images} set confirmed_at = '2026-01-02T03:04:05.123456Z', etag = '"abc"' where id = ${seeded[4].id}`);
  const key = `users/${other}/${Date.now()}-${randomUUID()}.png`;
  await storage.put({ key, body: Buffer.from('png'), contentType: 'image/png' });
  const [generated] = await db
    .insert(images)
    .values({
      userId: other,
      key,
      mimeType: 'image/png',
      byteSize: 3,
      status: 'uploaded',
      source: 'generated',
      stage: 'printed',
      prompt: 'a boat at dusk',
      metadata: { model: 'x-1', seed: 42, tags: ['sea', 'dusk'], nested: { a: null } },
    })
    .returning();
  return { owner, other, temp, checkout, pending, published, images: [...seeded, generated] };
}

/** Empties the tables the media tools touch, so each test starts from nothing on a shared database. */
export async function emptyLibrary(db: Db) {
  for (const table of [images, listings, uploadSessions, mediaChecks, users]) await db.delete(table);
}

export async function imageIds(db: Db) {
  return (await db.select({ id: images.id }).from(images).orderBy(images.id)).map((r) => r.id);
}
