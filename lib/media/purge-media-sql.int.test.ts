// drizzle/sql/purge-media.sql through Debian's psql against real PostgreSQL: it prints the
// counts before and after inside its transaction and, as shipped, changes nothing; the one
// edit its header comment describes (ROLLBACK → COMMIT) makes it purge.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { createPostgresDatabase } from '@/test/infra/databases';
import { objectExists, testStorage } from '@/test/infra/seed';
import type { StorageDriver } from '@/lib/storage/driver';
import { imageIds, seedLibrary } from '@/test/infra/library';

const SCRIPT = path.resolve(import.meta.dirname, '../../drizzle/sql/purge-media.sql');

function findPsql(): string | null {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/psql`) : [];
  return ['/usr/bin/psql', ...versions].find((p) => existsSync(p)) ?? null;
}

const psql = findPsql();

describe.runIf(inject('pgAdminUrl') && psql)('drizzle/sql/purge-media.sql with psql', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let handle: DatabaseHandle;
  let storage: StorageDriver;
  const run = (file: string) => spawnSync(psql!, ['--no-psqlrc', '-X', '-d', database.url, '-f', file], { encoding: 'utf8', timeout: 20_000 });

  beforeAll(async () => {
    database = await createPostgresDatabase(inject('pgAdminUrl')!);
    handle = await openDatabase({ databaseUrl: database.url, dataDir: os.tmpdir(), max: 2 });
    storage = await testStorage('local', null);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('prints the counts before and after in one transaction, ends in ROLLBACK and changes nothing', async () => {
    const library = await seedLibrary(handle.db, storage);
    const before = await imageIds(handle.db);
    expect(readFileSync(SCRIPT, 'utf8').trimEnd()).toMatch(/\nROLLBACK;$/);
    const result = run(SCRIPT);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Before the purge:\n images \| listings_with_images *\n-+\+-+\n +6 \| +1\n/);
    expect(result.stdout).toMatch(/After the purge \(inside the transaction\):\n images *\n-+\n +0\n/);
    expect(result.stdout).toContain('(no listing)');
    expect(result.stdout).toMatch(/ROLLBACK\s*$/);
    expect(await imageIds(handle.db)).toEqual(before);
    for (const image of library.images) expect(await objectExists(storage, image.key)).toBe(true);
  });

  it('purges when its last statement is made COMMIT, as its comment says', async () => {
    const edited = path.join(mkdtempSync(path.join(os.tmpdir(), 'imagedock-sql-')), 'purge-media.sql');
    writeFileSync(edited, readFileSync(SCRIPT, 'utf8').replace(/ROLLBACK;\s*$/, 'COMMIT;\n'));
    const result = run(edited);
    expect(result.status).toBe(0);
    expect(await imageIds(handle.db)).toEqual([]);
  });
});
