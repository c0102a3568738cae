// The one behaviour both storage drivers must have. local.int.test.ts runs it on disk
// (signed URLs served over real HTTP), s3.int.test.ts against a real S3-compatible
// server. Every test works under a prefix unique to this run and removes it afterwards.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELETE_BATCH, StorageError, type StorageDriver } from './driver';
import { presignContract } from './presign.contract';

type MakeDriver = () => Promise<{ driver: StorageDriver; cleanup?: () => Promise<void> }>;

const BAD_KEYS = ['../x', '/abs', 'a//b', 'a b', 'ünïcode.png', 'a/../b', 'a/./b', '', 'x'.repeat(1025)];

async function expectInvalidKey(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected a refusal').toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe('invalid_key');
}

/** Every key under `prefix`, page by page; `sizes` records each page's length. */
async function listAll(driver: StorageDriver, prefix: string, limit: number, sizes: number[] = []) {
  const keys: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await driver.list(prefix, { cursor, limit });
    sizes.push(page.objects.length);
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.nextCursor;
  } while (cursor && sizes.length < 50);
  return keys;
}

export function storageContract(name: string, makeDriver: MakeDriver) {
  describe(`storage contract: ${name}`, () => {
    let driver: StorageDriver;
    let cleanup: (() => Promise<void>) | undefined;
    const run = `contract-${Date.now()}-${randomUUID().slice(0, 8)}`;
    const key = (suffix: string) => `${run}/${suffix}`;
    const put = (k: string, text: string, contentType = 'text/plain') => driver.put({ key: k, body: Buffer.from(text), contentType });

    beforeAll(async () => {
      ({ driver, cleanup } = await makeDriver());
    });

    afterAll(async () => {
      if (!driver) return;
      for (let round = 0; round < 20; round++) {
        const page = await driver.list(`${run}/`);
        if (page.objects.length === 0) break;
        await driver.deleteMany(page.objects.map((o) => o.key));
      }
      await cleanup?.();
    });

    presignContract({ driver: () => driver, key });

    it('put, head, read and readRange round-trip bytes, type and ETag', async () => {
      const k = key('objects/round-trip.txt');
      const { etag } = await put(k, 'hello, storage');
      const info = await driver.head(k);
      expect(info).toMatchObject({ key: k, size: 14, contentType: 'text/plain', etag });
      expect(info?.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(info?.lastModified).toBeInstanceOf(Date);
      expect((await driver.read(k)).toString()).toBe('hello, storage');
      expect((await driver.readRange(k, 5)).toString()).toBe('hello');
      expect((await driver.readRange(k, 1000)).toString()).toBe('hello, storage');
      await put(k, 'v2', 'application/json');
      expect(await driver.head(k)).toMatchObject({ size: 2, contentType: 'application/json' });
    });

    it('readRange of an empty object is empty', async () => {
      const k = key('objects/empty.bin');
      await driver.put({ key: k, body: Buffer.alloc(0), contentType: 'application/octet-stream' });
      expect((await driver.readRange(k, 16)).length).toBe(0);
    });

    it('a missing object is null for head and not_found for reads', async () => {
      const k = key('objects/missing.txt');
      expect(await driver.head(k)).toBeNull();
      await expect(driver.read(k)).rejects.toMatchObject({ code: 'not_found' });
      await expect(driver.readRange(k, 4)).rejects.toMatchObject({ code: 'not_found' });
      await expect(driver.copy({ from: k, to: key('objects/copy-of-missing.txt') })).rejects.toMatchObject({ code: 'not_found' });
    });

    it('copy duplicates bytes and type, and honours a matching ifMatch', async () => {
      const from = key('copy/source.png');
      const { etag } = await put(from, 'png-ish bytes', 'image/png');
      const plain = await driver.copy({ from, to: key('copy/plain.png') });
      expect(plain.etag).toBe(etag);
      expect(await driver.head(key('copy/plain.png'))).toMatchObject({ size: 13, contentType: 'image/png', etag });
      await driver.copy({ from, to: key('copy/pinned.png'), ifMatch: etag ?? undefined });
      expect((await driver.read(key('copy/pinned.png'))).toString()).toBe('png-ish bytes');
      expect(await driver.head(from)).not.toBeNull();
    });

    it('copy with a stale ifMatch is refused, leaves no copy and keeps the source', async () => {
      // Ceph RGW ignores CopySourceIfMatch and copies anyway; the S3 driver compares the
      // copy's ETag itself and removes the copy (s3-copy.ts), so this holds on both drivers.
      const from = key('copy/pinned-source.txt');
      const { etag } = await put(from, 'version 1');
      const { etag: newer } = await put(from, 'version 2');
      await expect(driver.copy({ from, to: key('copy/stale.txt'), ifMatch: etag ?? '' })).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      expect(await driver.head(key('copy/stale.txt'))).toBeNull();
      expect(await driver.head(from)).toMatchObject({ etag: newer });
      expect((await driver.read(from)).toString()).toBe('version 2');
      // The matching pin still copies.
      expect(await driver.copy({ from, to: key('copy/fresh.txt'), ifMatch: newer ?? '' })).toEqual({ etag: newer });
    });

    it('deleteMany deletes, counts missing keys as deleted and refuses more than 1,000 keys', async () => {
      const keys = [key('delete/a.txt'), key('delete/b.txt')];
      for (const k of keys) await put(k, k);
      const missing = key('delete/never-existed.txt');
      const result = await driver.deleteMany([...keys, missing]);
      expect(result.failed).toEqual([]);
      expect([...result.deleted].sort()).toEqual([...keys, missing].sort());
      for (const k of keys) expect(await driver.head(k)).toBeNull();
      expect(await driver.deleteMany([])).toEqual({ deleted: [], failed: [] });
      // One key (on S3 its own request), also named twice, and a missing one alone.
      const single = key('delete/single.txt');
      await put(single, 'x');
      expect(await driver.deleteMany([single, single])).toEqual({ deleted: [single], failed: [] });
      expect(await driver.head(single)).toBeNull();
      expect(await driver.deleteMany([missing])).toEqual({ deleted: [missing], failed: [] });
      const tooMany = Array.from({ length: MAX_DELETE_BATCH + 1 }, (_, i) => key(`delete/n${i}`));
      await expect(driver.deleteMany(tooMany)).rejects.toThrow();
    });

    it('list pages through every key once, in order, within the prefix', async () => {
      const keys = Array.from({ length: 25 }, (_, i) => key(`list/a/item-${String(i).padStart(2, '0')}.txt`));
      await Promise.all(keys.map((k) => put(k, 'x')));
      // Neighbours that sort around the prefix must stay out of it.
      await Promise.all([put(key('list/a-sibling.txt'), 'x'), put(key('list/b/other.txt'), 'x'), put(key('list/a0.txt'), 'x')]);
      const sizes: number[] = [];
      expect(await listAll(driver, key('list/a/'), 10, sizes)).toEqual(keys);
      expect(sizes).toEqual([10, 10, 5]);
      // Byte order across folders: `a-sibling.txt` < `a/…` < `a0.txt`, and paging across
      // that boundary must neither skip nor repeat a key.
      const all = await driver.list(key('list/'));
      const expected = [key('list/a-sibling.txt'), ...keys, key('list/a0.txt'), key('list/b/other.txt')];
      expect(all.objects.map((o) => o.key)).toEqual(expected);
      expect(all.objects.find((o) => o.key === keys[0])).toMatchObject({ size: 1 });
      expect(await listAll(driver, key('list/'), 4)).toEqual(expected);
      expect((await driver.list(key('list/none/'))).objects).toEqual([]);
    });

    it.each(BAD_KEYS.map((k) => [k.length > 40 ? `${k.slice(0, 10)}… (${k.length} chars)` : JSON.stringify(k), k]))(
      'the invalid key %s is refused by every method',
      async (_label, bad) => {
        const ok = key('objects/valid.txt');
        await expectInvalidKey(driver.presignPut({ key: bad, contentType: 'image/png', contentLength: 1, expiresIn: 60 }));
        await expectInvalidKey(driver.presignGet({ key: bad, expiresIn: 60 }));
        await expectInvalidKey(driver.head(bad));
        await expectInvalidKey(driver.read(bad));
        await expectInvalidKey(driver.readRange(bad, 1));
        await expectInvalidKey(driver.put({ key: bad, body: Buffer.from('x'), contentType: 'text/plain' }));
        await expectInvalidKey(driver.copy({ from: bad, to: ok }));
        await expectInvalidKey(driver.copy({ from: ok, to: bad }));
        await expectInvalidKey(driver.deleteMany([ok, bad]));
        if (bad !== '') await expectInvalidKey(driver.list(bad));
      },
    );

    it('ping answers', async () => {
      await expect(driver.ping()).resolves.toBeUndefined();
    });
  });
}
