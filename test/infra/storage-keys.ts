// What a suite reads back from storage: the keys under a prefix, in key order.
import type { StorageDriver } from '@/lib/storage/driver';
import { listPages } from '@/lib/storage/list-all';

export async function listKeys(storage: Pick<StorageDriver, 'list'>, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const objects of listPages(storage, prefix)) for (const o of objects) keys.push(o.key);
  return keys;
}
