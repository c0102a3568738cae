// An image's variants live under variants/<imageId>/, so they go with the image however many
// presets, formats and versions were made; a listing's images are done 4 at a time. Returns
// the keys that could not be deleted (clean-up sweeps them later).
import type { StorageDriver } from '@/lib/storage/driver';
import { deleteKeys } from '@/lib/storage/delete-keys';
import { listPages } from '@/lib/storage/list-all';
import { forgetVariants } from './ensure-variant';

const AT_ONCE = 4;

export async function deleteVariantsOf(storage: StorageDriver, imageIds: readonly string[]): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const queue = [...imageIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      forgetVariants(id);
      try {
        for await (const objects of listPages(storage, `variants/${id}/`)) {
          const keys = objects.map((o) => o.key);
          for (const [key, message] of await deleteKeys(storage, keys)) failed.set(key, message);
        }
      } catch (err) {
        failed.set(`variants/${id}/`, (err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, imageIds.length) }, worker));
  return failed;
}
