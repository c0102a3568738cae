// Clean-up entry points over HTTP and the CLI: cron secret, admin rights, actions, dry runs,
// the PGlite folder held by the server, and a runner killed mid-run.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makePng } from '@/test/fixtures/images';
import { startApp, storageOf, type RunningApp } from '../infra/app';
import { signUp, type Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { verifyFromLog } from '../infra/auth';
import { runCliSync } from '../infra/cli';

const cli = (args: string[], env: Record<string, string>) => runCliSync('cleanup', args, env);

describe('clean-up over HTTP on PGlite + local disk', () => {
  let app: RunningApp;
  let admin: Client;
  let user: Client;
  const cron = () => ({ authorization: `Bearer ${app.env.CRON_SECRET}` });

  beforeAll(async () => {
    app = await startApp({ database: 'pglite', storage: 'local', env: { ADMIN_EMAILS: 'ops@example.test' } });
    admin = await signUp(app.url, { email: 'ops@example.test' });
    // A listed address is admin once verified: embedded mode logs the link.
    await verifyFromLog(app, 'ops@example.test');
    user = await signUp(app.url);
  });
  afterAll(async () => app?.stop());

  it('runs from cron only with the secret', async () => {
    expect((await fetch(`${app.url}/api/cron/cleanup`)).status).toBe(401);
    const wrong = await fetch(`${app.url}/api/cron/cleanup`, { headers: { authorization: 'Bearer not-the-secret' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or wrong cron secret' } });
    const ok = await fetch(`${app.url}/api/cron/cleanup?dryRun=true`, { headers: cron() });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ runId: expect.any(String), found: 0, deleted: 0, failed: 0, dryRun: true });
  });

  it('lets admins and cron use the temp-images API, refuses everyone else', async () => {
    expect((await fetch(`${app.url}/api/cleanup/temp-images`)).status).toBe(401);
    expect((await user.json('/api/cleanup/temp-images')).status).toBe(403);
    expect((await user.json('/api/cleanup/temp-images', { action: 'list' })).status).toBe(403);
    const session = await newSession(user);
    await uploadImages(user, { uploadSessionId: session }, [{ filename: 'a.png', type: 'image/png', bytes: makePng(8, 8) }]);
    const listed = await admin.json<{ images: { key: string; uploadSessionId: string; ageHours: number; size: number }[]; total: number }>(
      '/api/cleanup/temp-images',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.images[0]).toMatchObject({ uploadSessionId: session, size: expect.any(Number) });
    const viaCron = await fetch(`${app.url}/api/cleanup/temp-images`, {
      method: 'POST',
      headers: { ...cron(), 'content-type': 'application/json' },
      body: '{"action":"list"}',
    });
    expect(await viaCron.json()).toMatchObject({ found: 1, deleted: 0, dryRun: true });

    expect((await admin.json('/api/cleanup/temp-images', { action: 'shred' })).status).toBe(400);
    expect((await admin.json('/api/cleanup/temp-images', { action: 'delete-all' })).status).toBe(400);
    expect((await admin.json('/api/cleanup/temp-images', { action: 'delete-all', confirm: 'yes' })).status).toBe(400);
    const dry = await admin.json('/api/cleanup/temp-images', { action: 'cleanup-old', hoursOld: 0, dryRun: true });
    expect(dry.body).toMatchObject({ found: 1, deleted: 0, dryRun: true });
    expect((await admin.json<{ total: number }>('/api/cleanup/temp-images')).body.total).toBe(1);
    const session2 = await admin.json('/api/cleanup/temp-images', { action: 'delete-session', uploadSessionId: session });
    expect(session2.body).toMatchObject({ found: 1, deleted: 1, failed: 0, dryRun: false });
    expect((await admin.json<{ total: number }>('/api/cleanup/temp-images')).body.total).toBe(0);
    const all = await admin.json('/api/cleanup/temp-images', { action: 'delete-all', confirm: 'delete-all-temp-images' });
    expect(all).toMatchObject({ status: 200, body: { deleted: 0, failed: 0, dryRun: false } });
  });

  it('refuses a second opener of the PGlite folder from the CLI with a clear message', () => {
    const result = cli(['--dry-run'], { DATA_DIR: app.dataDir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`is in use by process ${app.process.pid}`);
    expect(result.stderr).toContain('/api/cron/cleanup');
  });
});

describe('clean-up CLI', () => {
  it('explains itself with --help and refuses --all without --yes', () => {
    const help = cli(['--help'], {});
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--older-than DURATION');
    const all = cli(['--all'], { DATA_DIR: '/tmp/imagedock-unused' });
    expect(all.status).toBe(1);
    expect(all.stderr).toContain('add --yes to confirm');
  });

  it.runIf(inject('pgAdminUrl') && inject('s3'))('finishes on PostgreSQL + S3 after a runner killed mid-run', async () => {
    const app = await startApp({ database: 'postgres', storage: 's3', pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3') });
    try {
      const user = await signUp(app.url);
      const session = await newSession(user);
      const { ids } = await uploadImages(
        user,
        { uploadSessionId: session },
        [1, 2, 3].map((n) => ({ filename: `${n}.png`, type: 'image/png', bytes: makePng(8, n + 4) })),
      );
      const env = { ...app.env, DATA_DIR: app.dataDir };
      // The runner dies right after taking its rows, holding the lock until its connection drops.
      const crashed = cli(['--session', session], { ...env, IMAGEDOCK_FAILPOINTS: 'cleanup:after-claim:exit' });
      expect(crashed.status).toBe(137);
      // The rows went in the runner's transaction; their objects (originals and thumbnails) are orphans now.
      const listed = await user.json<{ items: unknown[] }>(`/api/images?uploadSessionId=${session}`);
      expect(listed.body.items).toEqual([]);
      const storage = await storageOf(app);
      expect((await storage.list(`temp/${session}/`)).objects).toHaveLength(6);
      const next = cli(['--session', session, '--json'], env);
      expect(next.status, next.stderr).toBe(0);
      expect(JSON.parse(next.stdout)).toMatchObject({ found: 6, deleted: 6, failed: 0, dryRun: false });
      expect((await storage.list(`temp/${session}/`)).objects).toEqual([]);
      for (const id of ids) expect((await user.json(`/api/images/${id}`)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});
