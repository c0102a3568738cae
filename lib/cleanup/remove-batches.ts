// The two ways clean-up removes things, each re-checking its candidates just before acting.
// Rows are claimed first (under their sessions' locks, so a checkout that raced us wins),
// then their objects go, then the rows; a row whose object could not be deleted keeps its
// claim and is retried by the next run.
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { images, uploadSessions } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { deleteKeys } from '@/lib/storage/delete-keys';
import { failAt } from '@/lib/faults';
import { objectKeysOf } from '@/lib/images/keys';
import { CLEANUP_MARK, SESSION_ID, payableSession, rowCondition, type Scope } from './candidates';

export interface BatchOutcome { deleted: number; failed: number; errors: string[] }

export async function removeRows(db: Db, storage: StorageDriver, scope: Scope, ids: string[]): Promise<BatchOutcome> {
  const claimed = await db.transaction(async (tx) => {
    const sessions = await tx.selectDistinct({ id: images.uploadSessionId }).from(images)
      .where(and(inArray(images.id, ids), isNotNull(images.uploadSessionId)));
    const sessionIds = sessions.map((s) => s.id!).sort();
    if (sessionIds.length > 0) await tx.select({ id: uploadSessions.id }).from(uploadSessions).where(inArray(uploadSessions.id, sessionIds)).for('update');
    return tx.update(images).set({ status: 'error', error: CLEANUP_MARK, updatedAt: new Date() })
      .where(and(inArray(images.id, ids), rowCondition(scope)))
      .returning({ id: images.id, key: images.key, thumbnailKey: images.thumbnailKey });
  });
  failAt('cleanup:after-claim');
  const failedKeys = await deleteKeys(storage, claimed.flatMap(objectKeysOf));
  const done = claimed.filter((r) => !failedKeys.has(r.key) && !(r.thumbnailKey && failedKeys.has(r.thumbnailKey)));
  if (done.length > 0) await db.delete(images).where(and(inArray(images.id, done.map((r) => r.id)), eq(images.error, CLEANUP_MARK)));
  return { deleted: done.length, failed: claimed.length - done.length, errors: [...failedKeys].slice(0, 20).map(([k, m]) => `${k}: ${m}`) };
}

/** Objects no row names. Re-checked right before deleting; temp objects of payable sessions are kept. */
export async function removeOrphans(db: Db, storage: StorageDriver, keys: string[]): Promise<BatchOutcome> {
  if (keys.length === 0) return { deleted: 0, failed: 0, errors: [] };
  const referenced = await db.select({ key: images.key, thumbnailKey: images.thumbnailKey }).from(images)
    .where(or(inArray(images.key, keys), inArray(images.thumbnailKey, keys)));
  const keep = new Set(referenced.flatMap((r) => [r.key, r.thumbnailKey]));
  const sessionIds = [...new Set(keys.map(tempSessionOf).filter((s): s is string => s !== null))];
  if (sessionIds.length > 0) {
    const payable = await db.select({ id: uploadSessions.id }).from(uploadSessions)
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
