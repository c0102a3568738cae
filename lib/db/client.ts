// One database handle per process: PGlite under DATA_DIR when DATABASE_URL is unset,
// PostgreSQL through postgres.js otherwise. Opened lazily (never at import or build time)
// and migrated before first use.
import path from 'node:path';
import { env } from '@/lib/env';
import { processWide } from '@/lib/process-wide';
import * as schema from './schema';
import { lockPgliteFolder } from './pglite-lock';
import { migrateDatabase } from './migrate';

import type { Db } from './types';

// Re-exported: most modules import the types from here.
export type { Db, Tx } from './types';

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Runs `work` while holding an exclusive lock named by `key` across every instance, or
   * returns `{ acquired: false }` at once when another holder has it.
   */
  withExclusiveLock<T>(key: number, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Pool size for postgres.js. */
  max?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    await migrateDatabase({ kind: 'postgres', databaseUrl: options.databaseUrl });
    const client = postgres(options.databaseUrl, { max: options.max ?? 10, onnotice: () => {} });
    return {
      db: drizzle(client, { schema }) as unknown as Db,
      kind: 'postgres',
      withExclusiveLock: (key, work) => withAdvisoryLock(client, key, work),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const folder = path.join(options.dataDir, 'pglite');
  const release = lockPgliteFolder(folder);
  try {
    const { PreparedPGlite } = await import('./prepared-pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    // PGlite's buffer pool lives in this process's memory, and its 128 MB default is touched
    // at start: 16 MB keeps the whole server ~120 MB smaller. The files stay in the OS page
    // cache, so reads beyond the pool are memory copies, not disk reads.
    const client = await PreparedPGlite.open({
      dataDir: folder,
      startParams: [...PreparedPGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    await migrateDatabase({ kind: 'pglite', db });
    return {
      db,
      kind: 'pglite',
      // One process owns a PGlite folder (the pid lock), so an in-process lock is exclusive.
      withExclusiveLock: (key, work) => withProcessLock(key, work),
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

type PostgresClient = import('postgres').Sql;

// A session-level advisory lock on a reserved connection: a crashed holder's connection
// closes and PostgreSQL drops the lock; a connection whose unlock failed is closed rather
// than returned to the pool, so the lock can never leak into another request.
async function withAdvisoryLock<T>(client: PostgresClient, key: number, work: () => Promise<T>) {
  const connection = await client.reserve();
  let healthy = true;
  try {
    const [{ locked }] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${key}) as locked`;
    if (!locked) return { acquired: false as const };
    try {
      return { acquired: true as const, value: await work() };
    } finally {
      await connection`select pg_advisory_unlock(${key})`.catch(() => {
        healthy = false;
      });
    }
  } finally {
    if (healthy) connection.release();
    else await connection.unsafe('select pg_terminate_backend(pg_backend_pid())').catch(() => connection.release());
  }
}

const processLocks = new Set<number>();

async function withProcessLock<T>(key: number, work: () => Promise<T>) {
  if (processLocks.has(key)) return { acquired: false as const };
  processLocks.add(key);
  try {
    return { acquired: true as const, value: await work() };
  } finally {
    processLocks.delete(key);
  }
}

/** The process-wide database, opened and migrated on first call; a failed open is retried. */
export function getDatabase(): Promise<DatabaseHandle> {
  const holder = processWide('db', () => ({ opening: undefined as Promise<DatabaseHandle> | undefined }));
  holder.opening ??= openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: env().dataDir }).catch((err) => {
    holder.opening = undefined;
    throw err;
  });
  return holder.opening;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** `db.execute()` returns an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
