// npm run media as a child process, the way an operator runs it: exit codes, --json, the
// countdown that Ctrl+C aborts, and the refusal to open a PGlite folder the server holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { LocalStorageDriver } from '@/lib/storage/local';
import { createPostgresDatabase } from '@/test/infra/databases';
import { imageIds, seedLibrary } from '@/test/infra/library';
import { CLI_SECRETS, CLI_TIMEOUT, runCli } from '@/test/infra/cli';

const media = (args: string[], env: Record<string, string>, onStart?: (child: ChildProcess) => void) => runCli('media', args, env, onStart);

describe('npm run media: help and usage', () => {
  it(
    'prints help with exit 0, and refuses an unknown command or option with exit 1',
    async () => {
      const env = { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'imagedock-cli-')) };
      const main = await media(['--help'], env);
      expect(main.code).toBe(0);
      expect(main.stdout).toMatch(/snapshot \[--out DIR\][\s\S]*purge[\s\S]*restore FILE[\s\S]*verify/);
      const purge = await media(['purge', '--help'], env);
      expect(purge).toMatchObject({ code: 0, stdout: expect.stringContaining('--snapshots DIR') });
      expect(await media(['nope'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown command "nope"') });
      expect(await media(['verify', '--fix-orphans'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('add --yes') });
      expect(await media(['restore'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('exactly one snapshot file') });
    },
    CLI_TIMEOUT,
  );

  it(
    'on PGlite held by another live process: exits 1 naming it, and never opens the folder',
    async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-cli-'));
      mkdirSync(path.join(dataDir, 'pglite'), { recursive: true });
      const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
      try {
        writeFileSync(path.join(dataDir, 'pglite', 'imagedock.pid'), String(holder.pid));
        for (const command of [['verify'], ['snapshot', '--out', path.join(dataDir, 'exports')]]) {
          const result = await media(command, { DATA_DIR: dataDir });
          expect(result.code).toBe(1);
          expect(result.stderr).toContain(`in use by process ${holder.pid}`);
          expect(result.stderr).toContain('npm start');
        }
      } finally {
        holder.kill();
      }
    },
    CLI_TIMEOUT,
  );
});

describe.runIf(inject('pgAdminUrl'))('npm run media on PostgreSQL + local disk', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let handle: DatabaseHandle;
  let env: Record<string, string>;
  let exportsDir: string;

  beforeAll(async () => {
    database = await createPostgresDatabase(inject('pgAdminUrl')!);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-cli-'));
    exportsDir = path.join(dataDir, 'exports');
    env = { DATABASE_URL: database.url, DATA_DIR: dataDir, ...CLI_SECRETS };
    handle = await openDatabase({ databaseUrl: database.url, dataDir, max: 2 });
    // The CLI's own storage: the local driver under DATA_DIR/storage.
    const storage = new LocalStorageDriver({ root: path.join(dataDir, 'storage'), baseUrl: 'http://localhost:3000', secret: CLI_SECRETS.BETTER_AUTH_SECRET });
    await seedLibrary(handle.db, storage);
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it(
    'the countdown aborts on SIGINT with nothing changed and a non-zero exit',
    async () => {
      const before = await imageIds(handle.db);
      expect((await media(['snapshot', '--out', exportsDir], env)).code).toBe(0);
      const result = await media(['purge', '--live', '--snapshots', exportsDir], env, (child) => {
        // Ctrl+C a second into the countdown (at its second tick), as an operator who changed
        // their mind would.
        child.stderr!.on('data', (d: Buffer) => {
          if (d.toString().includes('in 4 s')) child.kill('SIGINT');
        });
      });
      expect(result.stderr).toContain('in 4 s');
      expect(result.stderr).toContain('Aborted: nothing was purged.');
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(await imageIds(handle.db)).toEqual(before);
    },
    CLI_TIMEOUT,
  );

  it(
    'snapshot → purge --live --yes → verify (out of step) → restore --live → verify (in step), in JSON',
    async () => {
      const before = await imageIds(handle.db);
      const snap = await media(['snapshot', '--out', exportsDir, '--json'], env);
      expect(snap.code).toBe(0);
      const { file, header } = JSON.parse(snap.stdout);
      expect(header).toMatchObject({ totalImages: before.length, totalListings: 2 });

      const dry = await media(['purge', '--json'], env);
      expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, total: before.length });
      const purge = await media(['purge', '--live', '--yes', '--snapshots', exportsDir, '--json'], env);
      expect(purge.code).toBe(0);
      expect(JSON.parse(purge.stdout)).toEqual({ dryRun: false, deleted: before.length, snapshot: file });
      expect(await imageIds(handle.db)).toEqual([]);

      const orphaned = await media(['verify', '--json'], env);
      expect(orphaned.code).toBe(1);
      expect(JSON.parse(orphaned.stdout)).toMatchObject({ ok: false });

      const refused = await media(['purge', '--live', '--yes', '--snapshots', exportsDir], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('no longer matches');

      const restore = await media(['restore', file, '--live', '--json'], env);
      expect(restore.code).toBe(0);
      expect(JSON.parse(restore.stdout)).toMatchObject({ live: true, restored: { images: before.length } });
      expect(await imageIds(handle.db)).toEqual(before);
      const verified = await media(['verify'], env);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain('In step');
    },
    CLI_TIMEOUT,
  );

  it(
    'regenerate --dry-run loads its renderer (a chunk of its own, with sharp) and plans without writing',
    async () => {
      const planned = await media(['regenerate', '--dry-run', '--json'], env);
      expect(planned.code).toBe(0);
      expect(JSON.parse(planned.stdout)).toMatchObject({ dryRun: true, variants: expect.any(Number), failed: 0 });
    },
    CLI_TIMEOUT,
  );
});
