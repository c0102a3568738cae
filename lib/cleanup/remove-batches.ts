// The two ways clean-up removes things, each re-checking its candidates just before acting.
// Rows are taken first: deleted in one transaction under their sessions' locks, so a checkout
// that raced us wins. Then their objects go. A row whose object could not be deleted comes
// back, claimed, for the next run; if the runner dies in between, its objects are orphans,
// which the orphan sweep removes.
import { and, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/client';
import { arrayLiteral } from '@/lib/db/array-literal';
import { images, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { deleteKeys } from '@/lib/storage/delete-keys';
import { log } from '@/lib/log';
import { objectKeysOf } from '@/lib/images/keys';
import { CLEANUP_MARK, SESSION_ID, payableSession, rowCondition, type Scope } from './candidates';

export interface BatchOutcome {
  deleted: number;
  failed: number;
  errors: string[];
}

/** A taken row: its keys, and the whole row (as JSON, by column name) to put back should its objects remain. */
export interface TakenRow {
  id: string;
  key: string;
  thumbnailKey: string | null;
  row: Record<string, unknown>;
}

/**
 * Deletes the candidates that still qualify and returns them, objects not yet touched. Ids go
 * as one array and the taken rows come back as one JSON text: binding 1,000 ids one by one,
 * and reading 1,000 rows one by one, were most of a batch's database time on PGlite.
 */
export async function takeRows(db: Db, scope: Scope, ids: string[]): Promise<TakenRow[]> {
  const idArray = arrayLiteral(ids);
  return db.transaction(async (tx) => {
    // A row's session never changes, so the candidates name the sessions to lock; in id
    // order, so two transactions locking several sessions cannot deadlock.
    await tx.execute(sql`select id from ${uploadSessions}
      where id in (select upload_session_id from ${images} where ${images.id} = any(${idArray}::uuid[]))
      order by id for update`);
    // Re-checked under the locks, in a statement of its own: it sees a checkout that committed
    // while we waited.
    const [taken] = rowsOf<{ rows: string }>(
      await tx.execute(sql`with taken as (
        delete from ${images} where ${images.id} = any(${idArray}::uuid[]) and ${rowCondition(scope)} returning *)
        select coalesce(json_agg(taken), '[]')::text as rows from taken`),
    );
    return (JSON.parse(taken.rows) as Record<string, unknown>[]).map((row) => ({
      id: row.id as string,
      key: row.key as string,
      thumbnailKey: row.thumbnail_key as string | null,
      row,
    }));
  });
}

/** Deletes the taken rows' objects; rows whose objects remain are put back, claimed. */
export async function removeObjectsOf(db: Db, storage: StorageDriver, rows: TakenRow[]): Promise<BatchOutcome> {
  const failedKeys = await deleteKeys(storage, rows.flatMap(objectKeysOf));
  const kept = rows.filter((r) => objectKeysOf(r).some((key) => failedKeys.has(key)));
  const errors = [...failedKeys].slice(0, 20).map(([k, m]) => `${k}: ${m}`);
  if (kept.length > 0) {
    const claimed = kept.map((r) => ({ ...r.row, status: 'error', error: CLEANUP_MARK, updated_at: new Date().toISOString() }));
    await db
      .execute(sql`insert into ${images} select * from json_populate_recordset(null::images, ${JSON.stringify(claimed)}::json) on conflict do nothing`)
      .catch((err: unknown) => {
        // Their objects are orphans now, which the orphan sweep removes.
        log.error({ err, ids: kept.map((r) => r.id) }, 'clean-up could not keep rows whose objects remain');
        errors.push(`${kept.length} rows whose objects remain could not be kept: ${(err as Error).message}`);
      });
  }
  return { deleted: rows.length - kept.length, failed: kept.length, errors };
}

/** Objects no row names. Re-checked right before deleting; temp objects of payable sessions are kept. */
export async function removeOrphans(db: Db, storage: StorageDriver, keys: string[]): Promise<BatchOutcome> {
  if (keys.length === 0) return { deleted: 0, failed: 0, errors: [] };
  const referenced = await db
    .select({ key: images.key, thumbnailKey: images.thumbnailKey })
    .from(images)
    .where(or(inArray(images.key, keys), inArray(images.thumbnailKey, keys)));
  const keep = new Set(referenced.flatMap((r) => [r.key, r.thumbnailKey]));
  const sessionIds = [...new Set(keys.map(tempSessionOf).filter((s): s is string => s !== null))];
  if (sessionIds.length > 0) {
    const payable = await db
      .select({ id: uploadSessions.id })
      .from(uploadSessions)
      .where(and(inArray(uploadSessions.id, sessionIds), payableSession(SESSION_ID)));
    const protectedSessions = new Set(payable.map((p) => p.id));
    for (const key of keys) if (protectedSessions.has(tempSessionOf(key) ?? '')) keep.add(key);
  }
  const doomed = keys.filter((k) => !keep.has(k));
  const failedKeys = await deleteKeys(storage, doomed);
  return { deleted: doomed.length - failedKeys.size, failed: failedKeys.size, errors: [...failedKeys].slice(0, 20).map(([k, m]) => `${k}: ${m}`) };
}

export function tempSessionOf(key: string) {
  return key.match(/^temp\/([^/]+)\//)?.[1] ?? null;
}

/** Age of an object: the timestamp in a temp key, else the object's date. */
export function objectTime(key: string, lastModified: Date) {
  const ms = key.match(/\/(\d{13})-[^/]+$/)?.[1];
  return ms ? new Date(Number(ms)) : lastModified;
}
