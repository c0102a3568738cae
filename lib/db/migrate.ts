// Applies drizzle/ to PGlite or PostgreSQL: the same files, one code path. On PostgreSQL
// instances starting together serialise on an advisory lock held by a one-connection
// client, so the migrations run once and the lock cannot leak into a pool.
import path from 'node:path';
import type { Db } from './types';

const MIGRATION_LOCK_KEY = 7_311_042_001;
const migrationsFolder = path.resolve(process.cwd(), 'drizzle');

type Target = { kind: 'pglite'; db: Db } | { kind: 'postgres'; databaseUrl: string };

export async function migrateDatabase(target: Target) {
  if (target.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(target.db as never, { migrationsFolder });
    return;
  }
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
