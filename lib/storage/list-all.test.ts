// listPages, listAll (and the tests' listKeys on top) follow the driver's pages to the end, in key order, and only
// under the prefix.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalStorageDriver } from './local';
import { listKeys } from '@/test/infra/storage-keys';
import { listAll, listPages } from './list-all';

let root: string;
let storage: LocalStorageDriver;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'imagedock-list-all-'));
  storage = new LocalStorageDriver({ root, baseUrl: 'http://localhost:3000', secret: 'list-all-secret-list-all-secret-0123456789' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('yields every object under the prefix across pages, in key order, and nothing else', async () => {
  const keys = Array.from({ length: 7 }, (_, i) => `temp/sess_1_a/${i}-x.png`);
  for (const key of [...keys].reverse()) await storage.put({ key, body: Buffer.from(key), contentType: 'image/png' });
  await storage.put({ key: 'temp/sess_2_b/0-y.png', body: Buffer.from('other'), contentType: 'image/png' });
  const pages: number[] = [];
  const counting = {
    list: async (prefix: string, options?: { cursor?: string | null; limit?: number }) => {
      const page = await storage.list(prefix, options);
      pages.push(page.objects.length);
      return page;
    },
  };
  const listed: string[] = [];
  for await (const object of listAll(counting, 'temp/sess_1_a/', 3)) listed.push(object.key);
  expect(listed).toEqual(keys);
  expect(pages).toEqual([3, 3, 1]);
  const none: string[] = [];
  for await (const object of listAll(storage, 'temp/nothing/')) none.push(object.key);
  expect(none).toEqual([]);
});

it('gives the pages as the driver cut them, and listKeys every key', async () => {
  const keys = Array.from({ length: 5 }, (_, i) => `temp/sess_3_c/${i}-x.png`);
  for (const key of keys) await storage.put({ key, body: Buffer.from(key), contentType: 'image/png' });
  const pages: string[][] = [];
  for await (const objects of listPages(storage, 'temp/sess_3_c/', 2)) pages.push(objects.map((o) => o.key));
  expect(pages).toEqual([keys.slice(0, 2), keys.slice(2, 4), keys.slice(4)]);
  expect(await listKeys(storage, 'temp/sess_3_c/')).toEqual(keys);
  expect(await listKeys(storage, 'temp/none/')).toEqual([]);
});
