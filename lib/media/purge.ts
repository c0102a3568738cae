// npm run media -- purge: removes every image reference (the images rows) in one transaction;
// stored objects are never touched. Live only with a snapshot under 24 h old that verifies
// and still matches the database: the same number of listings and exactly the same images.
import { asc, count, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';
import { images, listings } from '@/lib/db/schema';
import { AppError } from '@/lib/http/errors';
import { findNewestSnapshot } from './find-snapshot';
import { checkSnapshot } from './read-snapshot';
import { recordMediaCheck } from './record-check';
import { readSchemaVersion } from './schema-version';
import type { SnapshotHeader } from './snapshot-format';

const SNAPSHOT_MAX_AGE_MS = 24 * 3600_000;

export interface PurgePlan {
  total: number;
  /** listingId null: images in no listing (temp uploads, generated images). */
  perListing: { listingId: string | null; title: string | null; images: number }[];
}

/** What a purge would remove, per listing and in total. */
export async function planPurge(db: Db): Promise<PurgePlan> {
  const perListing = await db
    .select({ listingId: images.listingId, title: listings.title, images: count() })
    .from(images)
    .leftJoin(listings, eq(listings.id, images.listingId))
    .groupBy(images.listingId, listings.title)
    .orderBy(asc(images.listingId));
  return { total: perListing.reduce((n, r) => n + r.images, 0), perListing };
}

// Counted under the same lock as the delete, so what is compared is what goes.
async function databaseState(db: Db) {
  const result = await db.execute(sql`select
    (select count(*)::int from ${images}) as images,
    (select count(*)::int from ${listings}) as listings,
    (select encode(sha256(convert_to(coalesce(string_agg(id::text || E'\n', '' order by id), ''), 'UTF8')), 'hex') from ${images}) as "imageIdsSha256"`);
  return rowsOf<{ images: number; listings: number; imageIdsSha256: string }>(result)[0];
}

function mismatch(header: SnapshotHeader, now: { images: number; listings: number; imageIdsSha256: string }) {
  if (now.images !== header.totalImages || now.listings !== header.totalListings) {
    return `the database has ${now.images} images and ${now.listings} listings, the snapshot ${header.totalImages} and ${header.totalListings}`;
  }
  if (now.imageIdsSha256 !== header.imageIdsSha256) return 'the database has the same number of images as the snapshot, but not the same images';
  return null;
}

/** Finds the snapshot a live purge would rely on and checks it; throws AppError('conflict') when there is none fit. */
export async function requireFreshSnapshot(db: Db, dir: string, options: { now?: number; onProgress?: (rows: number) => void } = {}) {
  const now = options.now ?? Date.now();
  const newest = await findNewestSnapshot(dir);
  if (!newest) throw new AppError('conflict', `No snapshot in ${dir}: run \`npm run media -- snapshot\` first`);
  const age = now - Date.parse(newest.header.createdAt);
  if (age > SNAPSHOT_MAX_AGE_MS)
    throw new AppError('conflict', `The newest snapshot, ${newest.file}, is ${(age / 3600_000).toFixed(1)} h old (at most 24 h): take a new one`);
  const schema = await readSchemaVersion();
  if (newest.header.schemaVersion !== schema.schemaVersion)
    throw new AppError('conflict', `The snapshot ${newest.file} is of schema ${newest.header.schemaTag}, the database of ${schema.schemaTag}: take a new one`);
  try {
    await checkSnapshot(newest.file, options.onProgress);
  } catch (err) {
    throw new AppError('conflict', `The snapshot ${newest.file} cannot be trusted: ${(err as Error).message}`);
  }
  const problem = mismatch(newest.header, await databaseState(db));
  if (problem) throw new AppError('conflict', `The snapshot ${newest.file} no longer matches: ${problem}. Take a new one`);
  return newest;
}

/** Deletes every image row in one transaction, after re-checking the snapshot under a lock. */
export async function executePurge(db: Db, header: SnapshotHeader): Promise<{ deleted: number }> {
  return db.transaction(async (tx) => {
    // EXCLUSIVE: reads go on, no one writes images until the delete commits.
    await tx.execute(sql`lock table ${images} in exclusive mode`);
    const problem = mismatch(header, await databaseState(tx));
    if (problem) throw new AppError('conflict', `The snapshot no longer matches: ${problem}. Nothing was purged`);
    const result = await tx.execute(sql`with gone as (delete from ${images} returning 1) select count(*)::int as deleted from gone`);
    const outcome = rowsOf<{ deleted: number }>(result)[0];
    // Until a restore, clean-up must not take the now unreferenced objects for orphans.
    await recordMediaCheck(tx, 'purge', new Date(), { deleted: outcome.deleted, snapshotImages: header.totalImages });
    return outcome;
  });
}
