// Every object under a prefix, in key order, the driver's pages followed for the caller:
// the one place that walks list()'s cursor. listPages is for work done a page at a time
// (one query or one batch delete per page); listAll for work done per object.
import type { ObjectInfo, StorageDriver } from './driver';

type Lister = Pick<StorageDriver, 'list'>;

export async function* listPages(storage: Lister, prefix: string, pageSize = 1000): AsyncGenerator<ObjectInfo[]> {
  let cursor: string | null = null;
  do {
    const page = await storage.list(prefix, { cursor, limit: pageSize });
    yield page.objects;
    cursor = page.nextCursor;
  } while (cursor);
}

export async function* listAll(storage: Lister, prefix: string, pageSize = 1000): AsyncGenerator<ObjectInfo> {
  for await (const objects of listPages(storage, prefix, pageSize)) yield* objects;
}
