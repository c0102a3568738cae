// npm run admin as a child process, the way an operator runs it: grant, revoke, list, exit
// codes; on PGlite against the folder, and on PostgreSQL beside a running server whose
// admin routes follow the grants at once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { startApp, type RunningApp } from '@/test/infra/app';
import { signUp, uniqueEmail } from '@/test/infra/client';
import { CLI_SECRETS, CLI_TIMEOUT, runCli } from '@/test/infra/cli';

const admin = (args: string[], env: Record<string, string>) => runCli('admin', args, env);

describe('npm run admin on PGlite', () => {
  let env: Record<string, string>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-admin-'));
    env = { DATA_DIR: dataDir, ADMIN_EMAILS: 'listed@example.test,absent@example.test' };
    const handle = await openDatabase({ dataDir });
    await handle.db.insert(users).values([
      { id: 'u1', name: 'Una', email: 'una@example.test', emailVerified: false },
      { id: 'u2', name: 'Listed', email: 'listed@example.test', emailVerified: true },
    ]);
    await handle.close();
  }, CLI_TIMEOUT);

  it(
    'prints help; refuses bad usage and unknown addresses with exit 1, changing nothing',
    async () => {
      expect(await admin(['--help'], env)).toMatchObject({ code: 0, stdout: expect.stringContaining('grant EMAIL') });
      expect(await admin([], env)).toMatchObject({ code: 1, stdout: expect.stringContaining('Usage: npm run admin') });
      expect(await admin(['promote', 'una@example.test'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown command "promote"') });
      expect(await admin(['grant'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('exactly one address') });
      expect(await admin(['grant', 'not-an-address'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('is not an email address') });
      expect(await admin(['grant', 'nobody@example.test'], env)).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('No user with the address nobody@example.test'),
      });
      const listed = JSON.parse((await admin(['list', '--json'], env)).stdout);
      expect(listed.admins.filter((a: { grantedAt: string | null }) => a.grantedAt)).toEqual([]);
    },
    CLI_TIMEOUT,
  );

  it(
    'grants, lists and revokes; a grant needs no verified address',
    async () => {
      const granted = await admin(['grant', 'UNA@example.test'], env);
      expect(granted).toMatchObject({ code: 0, stdout: 'Granted admin rights to una@example.test\n' });
      expect(await admin(['grant', 'una@example.test'], env)).toMatchObject({ code: 0, stdout: expect.stringContaining('already had admin rights') });

      const list = await admin(['list', '--json'], env);
      expect(list.code).toBe(0);
      const entries = JSON.parse(list.stdout).admins as {
        email: string;
        isAdmin: boolean;
        listed: boolean;
        emailVerified: boolean | null;
        grantedAt: string | null;
      }[];
      expect(entries.map((e) => [e.email, e.isAdmin, e.listed, e.emailVerified])).toEqual([
        ['listed@example.test', true, true, true],
        ['una@example.test', true, false, false],
        ['absent@example.test', false, true, null],
      ]);
      expect(entries[1].grantedAt).toEqual(expect.any(String));
      const text = await admin(['list'], env);
      expect(text.stdout).toContain('2 admin(s); 1 grant(s), 2 address(es) in ADMIN_EMAILS');

      expect(await admin(['revoke', 'una@example.test'], env)).toMatchObject({ code: 0, stdout: 'Revoked the admin grant of una@example.test\n' });
      const after = JSON.parse((await admin(['list', '--json'], env)).stdout).admins as { email: string }[];
      expect(after.map((e) => e.email)).toEqual(['listed@example.test', 'absent@example.test']);
    },
    CLI_TIMEOUT,
  );
});

describe.runIf(inject('pgAdminUrl'))('npm run admin on PostgreSQL beside the running server', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({ database: 'postgres', storage: 'local', pgAdminUrl: inject('pgAdminUrl') });
  });
  afterAll(async () => app?.stop());

  it(
    'a grant gives admin rights at once, without a verified address; revoke takes them away',
    async () => {
      const email = uniqueEmail('granted');
      const user = await signUp(app.url, { email });
      const env = { DATABASE_URL: app.databaseUrl!, DATA_DIR: app.dataDir, ...CLI_SECRETS };
      const adminRoutes = async () => [(await user.json('/api/cleanup/temp-images')).status, (await user.fetch('/api/metrics')).status];
      expect(await adminRoutes()).toEqual([403, 403]);
      expect((await user.fetch('/admin')).status).toBe(404);

      expect((await admin(['grant', email], env)).code).toBe(0);
      expect(await adminRoutes()).toEqual([200, 200]);
      expect((await user.fetch('/admin')).status).toBe(200);

      expect((await admin(['revoke', email], env)).code).toBe(0);
      expect(await adminRoutes()).toEqual([403, 403]);
    },
    CLI_TIMEOUT,
  );
});
