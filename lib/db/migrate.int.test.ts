// The same migrations on PGlite and PostgreSQL; concurrent starts migrate once; a second
// process on one PGlite folder is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase, rowsOf } from './client';
import { createPostgresDatabase } from '@/test/infra/databases';

const EXPECTED_TABLES = [
  'accounts',
  'api_keys',
  'auth_rate_limits',
  'cleanup_runs',
  'idempotency_keys',
  'images',
  'listings',
  'media_checks',
  'payment_events',
  'rate_limits',
  'sessions',
  'upload_sessions',
  'users',
  'verifications',
  'webhook_deliveries',
  'webhook_endpoints',
  'webhook_events',
];

async function tablesOf(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const result = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
  return rowsOf<{ table_name: string }>(result).map((r) => r.table_name);
}

describe('migrations', () => {
  it('create the whole schema on PGlite and a second process is refused', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-mig-'));
    const handle = await openDatabase({ dataDir });
    try {
      expect(await tablesOf(handle.db)).toEqual(EXPECTED_TABLES);
      const second = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `
        const { openDatabase } = await import('./lib/db/client.ts');
        try { await openDatabase({ dataDir: ${JSON.stringify(dataDir)} }); console.log('OPENED'); }
        catch (err) { console.log(err.name + ': ' + err.message); process.exit(3); }
      `,
        ],
        { cwd: path.resolve(import.meta.dirname, '../..'), encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir } },
      );
      expect(second.status).toBe(3);
      expect(second.stdout).toContain(`DatabaseInUseError: The embedded database in ${path.join(dataDir, 'pglite')} is in use by process ${process.pid}`);
      // Still healthy after the refused opener.
      expect(await tablesOf(handle.db)).toEqual(EXPECTED_TABLES);
    } finally {
      await handle.close();
    }
    const reopened = await openDatabase({ dataDir });
    expect(await tablesOf(reopened.db)).toEqual(EXPECTED_TABLES);
    await reopened.close();
  });

  it.runIf(inject('pgAdminUrl'))('run once when four instances start at once on PostgreSQL', async () => {
    const created = await createPostgresDatabase(inject('pgAdminUrl')!);
    try {
      const handles = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir(), max: 2 })));
      expect(await tablesOf(handles[0].db)).toEqual(EXPECTED_TABLES);
      const applied = rowsOf<{ n: number }>(await handles[0].db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      const journal = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../drizzle/meta/_journal.json'), 'utf8'));
      expect(applied[0].n).toBe(journal.entries.length);
      await Promise.all(handles.map((h) => h.close()));
    } finally {
      await created.drop();
    }
  });
});
