// Every object under a prefix, in key order, the driver's pages followed for the caller:
// the one place that walks list()'s cursor.
import type { ObjectInfo, StorageDriver } from './driver';

export async function* listAll(storage: Pick<StorageDriver, 'list'>, prefix: string, pageSize = 1000): AsyncGenerator<ObjectInfo> {
  let cursor: string | null = null;
  do {
    const page = await storage.list(prefix, { cursor, limit: pageSize });
    yield* page.objects;
    cursor = page.nextCursor;
  } while (cursor);
}
