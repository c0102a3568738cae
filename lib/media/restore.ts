// npm run media -- restore FILE: puts back every row of a snapshot that is missing, in one
// transaction (sessions, then listings, then images, each needing the ones before). Rows
// that exist are left alone, so a second run changes nothing. A row is not put back blindly:
// its owner, listing and upload session must exist, and an image's object must be in
// storage; otherwise it is reported. A dry run does all of it and rolls back.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { recordMediaCheck } from './record-check';
import type { Db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { SnapshotError, checkSnapshot, readSnapshot, type SnapshotEntry } from './read-snapshot';
import { readSchemaVersion } from './schema-version';
import type { Section, SnapshotHeader } from './snapshot-format';
import { PAGE, importValues, snapshotTables } from './snapshot-rows';
import { objectKeysOf } from '@/lib/images/keys';

const HEAD_CONCURRENCY = 16;
const MAX_SAMPLES = 100;

type RestoreReason = 'owner-missing' | 'listing-missing' | 'session-missing' | 'object-missing' | 'conflict';
interface RestoreProblem {
  section: Section;
  id: string;
  reason: RestoreReason;
  key?: string;
}
const perSection = () => ({ uploadSessions: 0, listings: 0, images: 0 });

export interface RestoreSummary {
  file: string;
  live: boolean;
  header: SnapshotHeader;
  /** Rows already in the database, left alone. */
  present: Record<Section, number>;
  /** Rows put back (in a dry run: that would be). */
  restored: Record<Section, number>;
  /** Rows that could not be put back, by reason; `samples` names the first ones. */
  problems: Record<RestoreReason, number>;
  samples: RestoreProblem[];
  /** Images put back whose thumbnail object is gone (the original is there). */
  thumbnailsMissing: number;
}

export interface RestoreOptions {
  live: boolean;
  onProgress?: (p: { phase: 'checking' | 'restoring'; rows: number }) => void;
}

class DryRunDone extends Error {}

export async function restoreMedia(db: Db, storage: StorageDriver, file: string, options: RestoreOptions): Promise<RestoreSummary> {
  await access(file, constants.R_OK).catch(() => {
    throw new AppError('not_found', `Cannot read the snapshot file ${file}`);
  });
  let header: SnapshotHeader;
  try {
    header = await checkSnapshot(file, (rows) => options.onProgress?.({ phase: 'checking', rows }));
  } catch (err) {
    if (err instanceof SnapshotError) throw new AppError('unprocessable', `${file} cannot be restored: ${err.message}`);
    throw err;
  }
  const schema = await readSchemaVersion();
  if (header.schemaVersion !== schema.schemaVersion) {
    throw new AppError(
      'unprocessable',
      `${file} is of schema ${header.schemaTag} (${header.schemaVersion} migrations), the database of ${schema.schemaTag} (${schema.schemaVersion}): it cannot be restored here`,
    );
  }
  const summary: RestoreSummary = {
    file,
    live: options.live,
    header,
    present: perSection(),
    restored: perSection(),
    problems: { 'owner-missing': 0, 'listing-missing': 0, 'session-missing': 0, 'object-missing': 0, conflict: 0 },
    samples: [],
    thumbnailsMissing: 0,
  };
  const report = (problem: RestoreProblem) => {
    summary.problems[problem.reason] += 1;
    if (summary.samples.length < MAX_SAMPLES) summary.samples.push(problem);
  };
  try {
    await db.transaction(async (tx) => {
      let batch: SnapshotEntry[] = [];
      let rows = 0;
      const flush = async () => {
        if (batch.length > 0) await restoreBatch(tx, storage, batch, summary, report);
        rows += batch.length;
        batch = [];
        options.onProgress?.({ phase: 'restoring', rows });
      };
      // Read again inside the transaction: should the file change after the check, its
      // hashes fail at the end and everything rolls back.
      for await (const entry of readSnapshot(file)) {
        if ('header' in entry) continue;
        if (batch.length > 0 && (batch.length >= PAGE || batch[0].section !== entry.section)) await flush();
        batch.push(entry);
      }
      await flush();
      if (!options.live) throw new DryRunDone();
      await recordMediaCheck(tx, 'restore', new Date(), { file, restored: summary.restored });
    });
  } catch (err) {
    if (!(err instanceof DryRunDone))
      throw err instanceof SnapshotError ? new AppError('unprocessable', `${file} changed while it was restored: ${err.message}. Nothing was restored`) : err;
  }
  return summary;
}

async function existingIds(db: Db, table: PgTable & { id: PgColumn }, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: table.id })
    .from(table as PgTable)
    .where(inArray(table.id, [...new Set(ids)]));
  return new Set(rows.map((r) => String(r.id)));
}

async function existingObjects(storage: StorageDriver, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += HEAD_CONCURRENCY) {
    const heads = await Promise.all(keys.slice(i, i + HEAD_CONCURRENCY).map((key) => storage.head(key)));
    for (const head of heads) if (head) found.add(head.key);
  }
  return found;
}

async function restoreBatch(db: Db, storage: StorageDriver, batch: SnapshotEntry[], summary: RestoreSummary, report: (p: RestoreProblem) => void) {
  const section = batch[0].section;
  const table = snapshotTables[section];
  const present = await existingIds(
    db,
    table,
    batch.map((e) => e.row.id),
  );
  summary.present[section] += present.size;
  const missing = batch.filter((e) => !present.has(e.row.id));
  if (missing.length === 0) return;
  const owners = await existingIds(
    db,
    users,
    missing.map((e) => e.row.userId),
  );
  const listingIds = missing.flatMap((e) => (e.section === 'images' && e.row.listingId ? [e.row.listingId] : []));
  const sessionIds = missing.flatMap((e) => (e.section !== 'uploadSessions' && e.row.uploadSessionId ? [e.row.uploadSessionId] : []));
  const [listingsThere, sessionsThere] = await Promise.all([
    existingIds(db, snapshotTables.listings, listingIds),
    existingIds(db, snapshotTables.uploadSessions, sessionIds),
  ]);
  const keys = missing.flatMap((e) => (e.section === 'images' ? objectKeysOf(e.row) : []));
  const objects = await existingObjects(storage, keys);

  const insertable = missing.filter((e) => {
    const problem = (reason: RestoreReason, key?: string) => {
      report({ section, id: e.row.id, reason, key });
      return false;
    };
    if (!owners.has(e.row.userId)) return problem('owner-missing');
    if (e.section === 'uploadSessions') return true;
    if (e.row.uploadSessionId && !sessionsThere.has(e.row.uploadSessionId)) return problem('session-missing');
    if (e.section === 'listings') return true;
    if (e.row.listingId && !listingsThere.has(e.row.listingId)) return problem('listing-missing');
    if (!objects.has(e.row.key)) return problem('object-missing', e.row.key);
    if (e.row.thumbnailKey && !objects.has(e.row.thumbnailKey)) summary.thumbnailsMissing += 1;
    return true;
  });
  if (insertable.length === 0) return;
  // Any other unique clash (an image key or a listing's session now used by another row) is
  // reported, never overwritten.
  const inserted = await db
    .insert(table)
    .values(insertable.map((e) => importValues(section, e.row)) as never[])
    .onConflictDoNothing()
    .returning({ id: table.id });
  const done = new Set(inserted.map((r) => String(r.id)));
  summary.restored[section] += done.size;
  for (const e of insertable) if (!done.has(e.row.id)) report({ section, id: e.row.id, reason: 'conflict' });
}
