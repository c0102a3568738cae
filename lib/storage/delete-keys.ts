// Any number of keys, MAX_DELETE_BATCH per storage call; returns the keys that could not be
// deleted with why (a whole call that throws fails each of its keys).
import { MAX_DELETE_BATCH, type StorageDriver } from './driver';

export async function deleteKeys(storage: StorageDriver, keys: string[]): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (let i = 0; i < keys.length; i += MAX_DELETE_BATCH) {
    const chunk = keys.slice(i, i + MAX_DELETE_BATCH);
    try {
      const result = await storage.deleteMany(chunk);
      for (const f of result.failed) failed.set(f.key, f.message);
    } catch (err) {
      for (const key of chunk) failed.set(key, (err as Error).message);
    }
  }
  return failed;
}
