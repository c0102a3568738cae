// Next evaluates a module once per route bundle: here each bundle is a fresh module registry
// (vi.resetModules), so classes and module state exist twice, as in a running server.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type StorageModules = {
  select: typeof import('./storage/select');
  serve: typeof import('./storage/local-serve');
  driver: typeof import('./storage/driver');
  errors: typeof import('./http/errors');
};

async function bundle(): Promise<StorageModules> {
  vi.resetModules();
  return {
    select: await import('./storage/select'),
    serve: await import('./storage/local-serve'),
    driver: await import('./storage/driver'),
    errors: await import('./http/errors'),
  };
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'imagedock-bundles-'));
  for (const name of Object.keys(process.env)) if (name.startsWith('S3_') || name === 'DATABASE_URL') delete process.env[name];
  Object.assign(process.env, { DATA_DIR: dataDir, APP_URL: 'http://localhost:3999', BETTER_AUTH_SECRET: 'x'.repeat(40) });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('one process, two bundles', () => {
  it('the page bundle builds the driver and the storage route serves with it', async () => {
    const page = await bundle();
    const storage = page.select.getStorage(); // a page rendered first
    const route = await bundle();
    expect(route.select.getStorage()).toBe(storage);

    const key = 'temp/sess_1_a/1-a.png';
    const body = Buffer.from('\x89PNG', 'latin1');
    const put = await storage.presignPut({ key, contentType: 'image/png', contentLength: body.length, expiresIn: 60 });
    const request = new Request(put.url, {
      method: 'PUT',
      headers: { ...put.headers, 'Content-Length': String(body.length) },
      body,
      duplex: 'half',
    } as RequestInit);
    const stored = await route.serve.serveLocalStorage(request, key, route.select.getStorage());
    expect(stored.status).toBe(200);
    const got = await route.serve.serveLocalStorage(new Request(await storage.presignGet({ key, expiresIn: 60 })), key, route.select.getStorage());
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(body)).toBe(true);
  });

  it('errors made by one bundle map to their status in another', async () => {
    const a = await bundle();
    const b = await bundle();
    expect(a.driver.StorageError).not.toBe(b.driver.StorageError);
    const storageDown = new a.driver.StorageError('unavailable', 'bucket unreachable');
    expect(storageDown instanceof b.driver.StorageError).toBe(true);
    expect(b.errors.toErrorResponse(storageDown, 'req-1').status).toBe(503);
    const conflict = new a.errors.AppError('conflict', 'already running');
    expect(conflict instanceof b.errors.AppError).toBe(true);
    expect(b.errors.toErrorResponse(conflict, 'req-2').status).toBe(409);
    // A brand is not a shape: an ordinary error with the same fields is not an AppError.
    expect(Object.assign(new Error('x'), { code: 'conflict' }) instanceof b.errors.AppError).toBe(false);
    expect(storageDown instanceof b.errors.AppError).toBe(false);
  });
});
