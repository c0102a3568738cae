// What sits in the temp area now, oldest first (thumbnails are counted with their original).
import type { StorageDriver } from '@/lib/storage/driver';
import { listAll } from '@/lib/storage/list-all';
import { objectTime, tempSessionOf } from './remove-batches';

const MAX_LISTED = 1000;

export async function listTempImages(storage: StorageDriver) {
  const found: { key: string; uploadSessionId: string | null; ageHours: number; size: number }[] = [];
  let total = 0;
  const now = Date.now();
  for await (const object of listAll(storage, 'temp/')) {
    if (object.key.endsWith('.thumb.webp')) continue;
    total += 1;
    if (found.length < MAX_LISTED) {
      const age = (now - objectTime(object.key, object.lastModified).getTime()) / 3600_000;
      found.push({ key: object.key, uploadSessionId: tempSessionOf(object.key), ageHours: Math.round(age * 100) / 100, size: object.size });
    }
  }
  found.sort((a, b) => b.ageHours - a.ageHours);
  return { images: found, total };
}
