// /api/health names what is down: Ceph RGW stopped, then the database stopped. This file
// starts its own PostgreSQL cluster and Ceph cluster so stopping them harms no one. On local
// disk, storage is down also when the folder answers but the app's storage route cannot serve
// what is stored in it (browsers see images only through that route).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, storageOf, type RunningApp } from '../infra/app';
import { pollUntil } from '../infra/poll';
import { startPostgresCluster } from '../infra/postgres';
import { startS3Server } from '../infra/s3';

describe.runIf(inject('pgAdminUrl') && inject('s3'))('health on PostgreSQL + S3', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it('answers 503 naming storage, then the database, as each goes down', async () => {
    const pg = await startPostgresCluster();
    cleanups.push(pg.stop);
    const s3 = await startS3Server();
    cleanups.push(s3.stop);
    const app: RunningApp = await startApp({ database: 'postgres', storage: 's3', pgAdminUrl: pg.adminUrl, s3 });
    cleanups.push(app.stop);

    const healthy = await fetch(`${app.url}/api/health`);
    expect(healthy.status).toBe(200);

    await s3.stop();
    const noStorage = await fetch(`${app.url}/api/health`);
    expect(noStorage.status).toBe(503);
    // Whether browsers may upload cannot be vouched for while the bucket does not answer.
    expect(await noStorage.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', storage: 'down', cors: 'unknown' } });

    await pg.stop();
    const nothing = await fetch(`${app.url}/api/health`);
    expect(nothing.status).toBe(503);
    expect(await nothing.json()).toEqual({ status: 'unavailable', checks: { database: 'down', storage: 'down', cors: 'unknown' } });
  });
});

describe('health on PGlite + local disk', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ database: 'pglite', storage: 'local' });
  });
  afterAll(async () => app?.stop());

  const health = async () => {
    const res = await fetch(`${app.url}/api/health`);
    return { status: res.status, body: await res.json() };
  };
  const up = { status: 200, body: { status: 'ok', checks: { database: 'ok', storage: 'ok' } } };
  const storageDown = { status: 503, body: { status: 'unavailable', checks: { database: 'ok', storage: 'down' } } };
  /**
   * The health probe's failures logged since `from` (an offset into the output), once `count`
   * are in: the log line may reach the pipe after the answer does.
   */
  const probeFailures = async (from: number, count: number) => {
    const read = () =>
      app
        .output()
        .slice(from)
        .split('\n')
        .filter((line) => line.includes('health check failed'))
        .map((line) => (JSON.parse(line) as { err: { message: string } }).err.message);
    return pollUntil(read, (messages) => messages.length >= count, { what: `${count} logged health failures`, intervalMs: 100 });
  };

  it('answers 503 naming storage when the storage route cannot serve, though the folder answers', async () => {
    const storage = await storageOf(app);
    // The object the probe wrote at start-up and fetches through the route each time.
    const probe = path.join(app.dataDir, 'storage', 'health', 'probe.txt');
    expect(await health()).toEqual(up);

    // Other bytes than were stored: the route serves them, and health does not take them.
    let from = app.output().length;
    await writeFile(probe, 'something else entirely\n');
    await expect(storage.ping()).resolves.toBeUndefined();
    expect(await health()).toEqual(storageDown);
    expect(await probeFailures(from, 1)).toEqual([expect.stringMatching(/^the storage route answered 200 for a signed probe URL: something else/)]);

    // A folder where the object was: the route finds no object (404), and none can be written
    // there again, so storage stays down while the driver's folder check still passes.
    await rm(probe);
    await mkdir(path.join(probe, 'in-the-way'), { recursive: true });
    from = app.output().length;
    await expect(storage.ping()).resolves.toBeUndefined();
    expect(await health()).toEqual(storageDown);
    expect(await health()).toEqual(storageDown);
    expect(await probeFailures(from, 2)).toEqual([
      expect.stringMatching(/^the storage route answered 404 for a signed probe URL/),
      expect.stringMatching(/conflicts with an existing object or prefix on local disk/),
    ]);

    // Cleared: the probe object is written again and served.
    await rm(probe, { recursive: true });
    expect(await health()).toEqual(up);
  });
});
