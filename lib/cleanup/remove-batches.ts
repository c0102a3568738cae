// The two ways clean-up removes things, each re-checking its candidates just before acting.
// Rows are taken first: deleted in one transaction under their sessions' locks, so a checkout
// that raced us wins. Then their objects go. A row whose object could not be deleted comes
// back, claimed, for the next run; if the runner dies in between, its objects are orphans,
// which the orphan sweep removes.
import { and, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, uploadSessions, type ImageRow } from '@/lib/db/schema';
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

/** Deletes the rows among `ids` that still qualify and returns them, objects not yet touched. */
export async function takeRows(db: Db, scope: Scope, ids: string[]): Promise<ImageRow[]> {
  return db.transaction(async (tx) => {
    // In id order, so two transactions locking several sessions cannot deadlock.
    await tx
      .select({ id: uploadSessions.id })
      .from(uploadSessions)
      .where(
        inArray(
          uploadSessions.id,
          tx
            .selectDistinct({ id: sql`${images.uploadSessionId}` })
            .from(images)
            .where(inArray(images.id, ids)),
        ),
      )
      .orderBy(uploadSessions.id)
      .for('update');
    return tx
      .delete(images)
      .where(and(inArray(images.id, ids), rowCondition(scope)))
      .returning();
  });
}

/** Deletes the taken rows' objects; rows whose objects remain are put back, claimed. */
export async function removeObjectsOf(db: Db, storage: StorageDriver, rows: ImageRow[]): Promise<BatchOutcome> {
  const failedKeys = await deleteKeys(storage, rows.flatMap(objectKeysOf));
  const kept = rows.filter((r) => objectKeysOf(r).some((key) => failedKeys.has(key)));
  const errors = [...failedKeys].slice(0, 20).map(([k, m]) => `${k}: ${m}`);
  if (kept.length > 0) {
    const claimed = kept.map((r) => ({ ...r, status: 'error' as const, error: CLEANUP_MARK, updatedAt: new Date() }));
    await db
      .insert(images)
      .values(claimed)
      .onConflictDoNothing()
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
