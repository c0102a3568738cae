// One database handle per process: PGlite under DATA_DIR when DATABASE_URL is unset,
// PostgreSQL through postgres.js otherwise. Opened lazily (never at import or build time)
// and migrated before first use.
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import * as schema from './schema';
import { lockPgliteFolder } from './pglite-lock';
import { migrateDatabase } from './migrate';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle fits everywhere a Db does. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
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
      close: () => client.end({ timeout: 5 }),
    };
  }
  const folder = path.join(options.dataDir, 'pglite');
  const release = lockPgliteFolder(folder);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const client = await PGlite.create(folder);
    const db = drizzle(client, { schema }) as unknown as Db;
    await migrateDatabase({ kind: 'pglite', db });
    return {
      db,
      kind: 'pglite',
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

const holder = globalThis as unknown as { __imagedockDb?: Promise<DatabaseHandle> };

/** The process-wide database, opened and migrated on first call. */
export function getDatabase(): Promise<DatabaseHandle> {
  holder.__imagedockDb ??= openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: env().dataDir }).catch((err) => {
    holder.__imagedockDb = undefined;
    throw err;
  });
  return holder.__imagedockDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** `db.execute()` returns an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
