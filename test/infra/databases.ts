// Per-test databases: a fresh PostgreSQL database on the shared cluster, or a fresh
// PGlite folder. Either way the real migrations are applied by openDatabase().
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';

export type DatabaseKind = 'pglite' | 'postgres';

/** A new empty database on the cluster; returns its URL. */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async drop() {
      const client = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await client.unsafe(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export async function openTestDatabase(kind: DatabaseKind, adminUrl: string | null): Promise<DatabaseHandle & { dispose(): Promise<void> }> {
  if (kind === 'postgres') {
    if (!adminUrl) throw new Error('PostgreSQL is not available in this run');
    const created = await createPostgresDatabase(adminUrl);
    const handle = await openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir(), max: 5 });
    return {
      ...handle,
      async dispose() {
        await handle.close();
        await created.drop();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-pglite-'));
  const handle = await openDatabase({ dataDir });
  return {
    ...handle,
    async dispose() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
