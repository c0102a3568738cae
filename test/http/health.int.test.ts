// /api/health names what is down: Ceph RGW stopped, then the database stopped.
// This file starts its own PostgreSQL cluster and Ceph cluster so stopping them harms no one.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startApp, type RunningApp } from '../infra/app';
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
