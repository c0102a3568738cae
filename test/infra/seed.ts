// Rows and objects planted straight into a database and a storage driver, with chosen ages.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@/lib/db/client';
import { images, listings, uploadSessions, users, type ImageRow } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { LocalStorageDriver } from '@/lib/storage/local';
import { S3StorageDriver } from '@/lib/storage/s3';
import { makePng } from '@/test/fixtures/images';
import type { S3Config } from './app';
import { createTestBucket } from './s3-buckets';

export const HOUR = 3600_000;

export async function testStorage(kind: 'local' | 's3', s3: S3Config | null): Promise<StorageDriver> {
  if (kind === 'local') {
    return new LocalStorageDriver({ root: mkdtempSync(path.join(os.tmpdir(), 'imagedock-store-')), baseUrl: 'http://127.0.0.1:9', secret: 'x'.repeat(40) });
  }
  if (!s3) throw new Error('Ceph RGW (the S3 test server) is not available in this run');
  const own = await createTestBucket(s3);
  return new S3StorageDriver({ ...own, forcePathStyle: true });
}

export async function seedUser(db: Db) {
  const id = randomUUID();
  await db.insert(users).values({ id, name: 'Seed', email: `seed-${randomBytes(4).toString('hex')}@example.test` });
  return id;
}

export async function seedSession(db: Db, userId: string, ageMs = 0) {
  const created = Date.now() - ageMs;
  const id = `sess_${created}_${randomBytes(10).toString('hex')}`;
  await db.insert(uploadSessions).values({ id, userId, expiresAt: new Date(created + 2 * HOUR), createdAt: new Date(created), updatedAt: new Date(created) });
  return id;
}

export async function seedListing(db: Db, userId: string, status: 'draft' | 'pending_payment' | 'published' | 'abandoned', uploadSessionId?: string) {
  const [row] = await db.insert(listings).values({ userId, title: 'Seeded', status, uploadSessionId }).returning();
  if (uploadSessionId) {
    const { eq } = await import('drizzle-orm');
    await db.update(uploadSessions).set({ listingId: row.id }).where(eq(uploadSessions.id, uploadSessionId));
  }
  return row.id;
}

const PNG = makePng(4, 4);

/** An image row (and, unless `object: false`, its object and thumbnail) of a given age. */
export async function seedImage(
  db: Db,
  storage: StorageDriver,
  input: {
    userId: string;
    uploadSessionId?: string;
    listingId?: string;
    ageMs?: number;
    status?: ImageRow['status'];
    object?: boolean;
  },
): Promise<ImageRow> {
  const created = Date.now() - (input.ageMs ?? 0);
  const id = randomUUID();
  const key = input.listingId && !input.uploadSessionId ? `listings/${input.listingId}/${id}.png` : `temp/${input.uploadSessionId}/${created}-${id}.png`;
  const thumbnailKey = key.replace(/\.png$/, '.thumb.webp');
  if (input.object !== false) {
    await storage.put({ key, body: PNG, contentType: 'image/png' });
    await storage.put({ key: thumbnailKey, body: PNG, contentType: 'image/webp' });
  }
  const [row] = await db
    .insert(images)
    .values({
      id,
      userId: input.userId,
      uploadSessionId: input.uploadSessionId,
      listingId: input.listingId,
      key,
      thumbnailKey: input.status === 'uploading' ? null : thumbnailKey,
      mimeType: 'image/png',
      byteSize: PNG.byteLength,
      status: input.status ?? 'uploaded',
      createdAt: new Date(created),
      updatedAt: new Date(created),
    })
    .returning();
  return row;
}

export async function objectExists(storage: StorageDriver, key: string | null) {
  return key ? (await storage.head(key)) !== null : false;
}
