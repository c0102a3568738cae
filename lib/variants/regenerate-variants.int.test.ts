// media regenerate on PGlite and PostgreSQL with the local driver and the S3 server: a dry
// run renders nothing, a run renders every planned variant once and never changes an
// original, a run that crashed part-way finishes the rest when run again, and --preset
// limits it to one preset.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { images } from '@/lib/db/schema';
import { resetEnvCache } from '@/lib/env';
import type { StorageDriver } from '@/lib/storage/driver';
import { listKeys } from '@/test/infra/storage-keys';
import { openTestDatabase } from '@/test/infra/databases';
import { seedImage, seedSession, seedUser, testStorage } from '@/test/infra/seed';
import { makePhoto } from './test-photos';
import { plannedVariants, regenerateVariants } from './regenerate-variants';
import { forgetVariants } from './ensure-variant';
import { canReach, TWO_STACKS } from '@/test/infra/stacks';

async function variantKeys(storage: StorageDriver) {
  return (await listKeys(storage, 'variants/')).sort();
}

for (const m of TWO_STACKS) {
  describe.runIf(canReach(m))(`media regenerate on ${m.db} + ${m.storage}`, () => {
    let handle: Awaited<ReturnType<typeof openTestDatabase>>;
    let storage: StorageDriver;
    let originals: { key: string; etag: string | null }[];
    let planned: number;

    beforeAll(async () => {
      Object.assign(process.env, { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'regenerate-env-')), VARIANT_RENDER_CONCURRENCY: '2' });
      resetEnvCache();
      handle = await openTestDatabase(m.db, inject('pgAdminUrl'));
      storage = await testStorage(m.storage, inject('s3'));
      const user = await seedUser(handle.db);
      const session = await seedSession(handle.db, user, 3600_000);
      const sizes = [
        [1300, 900],
        [700, 500],
      ] as const;
      originals = [];
      for (const [width, height] of sizes) {
        const row = await seedImage(handle.db, storage, { userId: user, uploadSessionId: session });
        const { etag } = await storage.put({ key: row.key, body: await makePhoto(width, height), contentType: 'image/jpeg' });
        await handle.db.update(images).set({ mimeType: 'image/jpeg', width, height }).where(eq(images.id, row.id));
        originals.push({ key: row.key, etag: etag ?? (await storage.head(row.key))!.etag });
      }
      // One still uploading: nothing to render for it.
      await seedImage(handle.db, storage, { userId: user, uploadSessionId: session, status: 'uploading', object: false });
      const rows = await handle.db.select().from(images).where(eq(images.status, 'uploaded'));
      planned = rows.reduce((n, r) => n + plannedVariants(r).length, 0);
    }, 120_000);
    afterAll(async () => {
      delete process.env.IMAGEDOCK_FAILPOINTS;
      resetEnvCache();
      await handle?.dispose();
    });

    it('plans each width once (srcset widths), every f=auto format, and og as JPEG', () => {
      const plan = plannedVariants({ id: 'x', key: 'k', mimeType: 'image/jpeg', width: 700, focalX: null, focalY: null });
      expect(plan.map((s) => `${s.preset}/${s.target}`)).toEqual(['sm/avif', 'sm/webp', 'sm/fallback', 'md/avif', 'md/webp', 'md/fallback', 'og/jpeg']);
    });

    it('a dry run counts and renders nothing; a crash part-way is finished by the next run', async () => {
      const dry = await regenerateVariants(handle, storage, { dryRun: true });
      expect(dry).toMatchObject({ images: 2, variants: planned, rendered: 0, existing: 0, failed: 0 });
      expect(await variantKeys(storage)).toEqual([]);

      // Fails after the first variant stored (every time: the hit count is per process).
      Object.assign(process.env, { IMAGEDOCK_FAILPOINTS: 'regenerate:after-variant', IMAGEDOCK_TEST_HARNESS: '1' });
      resetEnvCache();
      await expect(regenerateVariants(handle, storage, { dryRun: false })).rejects.toThrow(/injected fault/);
      delete process.env.IMAGEDOCK_FAILPOINTS;
      delete process.env.IMAGEDOCK_TEST_HARNESS;
      resetEnvCache();
      const afterCrash = (await variantKeys(storage)).length;
      expect(afterCrash).toBeGreaterThanOrEqual(1);
      expect(afterCrash).toBeLessThan(planned);

      const progress: number[] = [];
      const resumed = await regenerateVariants(handle, storage, { dryRun: false, onProgress: (p) => progress.push(p.rendered + p.existing) });
      expect(resumed).toMatchObject({ images: 2, variants: planned, failed: 0 });
      expect(resumed.existing).toBe(afterCrash);
      expect(resumed.rendered).toBe(planned - afterCrash);
      expect(progress.at(-1)).toBe(planned);
      expect((await variantKeys(storage)).length).toBe(planned);

      const again = await regenerateVariants(handle, storage, { dryRun: false });
      expect(again).toMatchObject({ rendered: 0, existing: planned });
      for (const o of originals) expect((await storage.head(o.key))!.etag).toBe(o.etag);
    });

    it('--preset renders only that preset', async () => {
      await storage.deleteMany(await variantKeys(storage));
      // This process remembers what it stored; an operator's delete elsewhere would not be remembered.
      for (const row of await handle.db.select({ id: images.id }).from(images)) forgetVariants(row.id);
      const og = await regenerateVariants(handle, storage, { dryRun: false, preset: 'og' });
      expect(og).toMatchObject({ images: 2, variants: 2, rendered: 2 });
      expect((await variantKeys(storage)).every((k) => /\/og-[0-9a-f]+\.jpeg$/.test(k))).toBe(true);
    });
  });
}
