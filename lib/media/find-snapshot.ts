// The newest snapshot in a folder, judged by the creation time in its header (a file's
// mtime changes when it is copied; the header does not).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { SNAPSHOT_FILE, type SnapshotHeader } from './snapshot-format';
import { readSnapshotHeader } from './read-snapshot';

export async function findNewestSnapshot(dir: string): Promise<{ file: string; header: SnapshotHeader } | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let newest: { file: string; header: SnapshotHeader } | null = null;
  for (const name of names.filter((n) => SNAPSHOT_FILE.test(n))) {
    const file = path.join(dir, name);
    // A file that does not even have a valid header is not a candidate.
    const header = await readSnapshotHeader(file).catch(() => null);
    if (header && (!newest || header.createdAt > newest.header.createdAt)) newest = { file, header };
  }
  return newest;
}
