// Storage and the database compared in one streaming pass: both sides are read in byte order
// of key (storage lists that way; SQL sorts with COLLATE "C"), a page at a time, and merged.
// Memory stays flat however many objects there are, and there is no query per object.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/lib/db/client';
import type { ObjectInfo, StorageDriver } from '@/lib/storage/driver';
import { listAll } from '@/lib/storage/list-all';

export const MEDIA_PREFIXES = ['temp/', 'listings/', 'users/'] as const;
const PAGE = 1000;

export type Mismatch =
  | { kind: 'orphan-object'; key: string; object: ObjectInfo }
  | { kind: 'missing-object'; key: string; imageId: string; role: 'original' | 'thumbnail' };

interface Reference {
  key: string;
  imageId: string;
  role: 'original' | 'thumbnail';
}

async function* references(db: Db, prefix: string): AsyncGenerator<Reference> {
  let after = '';
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  for (;;) {
    const result = await db.execute(sql`
      select k as key, image_id as "imageId", role from (
        select key as k, id as image_id, 'original' as role from images
        union all
        select thumbnail_key, id, 'thumbnail' from images where thumbnail_key is not null
      ) refs
      where k collate "C" > ${after} and k collate "C" >= ${prefix} and k collate "C" < ${upper}
      order by k collate "C"
      limit ${PAGE}`);
    const rows = rowsOf<Reference>(result);
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].key;
  }
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every object without a row and every row (original or thumbnail) without its object. */
export async function* reconcile(db: Db, storage: StorageDriver, prefix: string): AsyncGenerator<Mismatch | { kind: 'match'; key: string }> {
  const refs = references(db, prefix);
  const objs = listAll(storage, prefix, PAGE);
  let ref = await refs.next();
  let obj = await objs.next();
  while (!ref.done || !obj.done) {
    const order = ref.done ? 1 : obj.done ? -1 : byteOrder(ref.value.key, obj.value.key);
    if (order === 0) {
      yield { kind: 'match', key: obj.value!.key };
      ref = await refs.next();
      obj = await objs.next();
    } else if (order < 0) {
      const r = ref.value as Reference;
      yield { kind: 'missing-object', key: r.key, imageId: r.imageId, role: r.role };
      ref = await refs.next();
    } else {
      const o = obj.value as ObjectInfo;
      yield { kind: 'orphan-object', key: o.key, object: o };
      obj = await objs.next();
    }
  }
}
