// On-disk layout of the local driver: the object `a/b.png` is the file `<root>/a/b.png`
// (so an operator can look at it), its content type and ETag live in `a/b.png~meta.json`,
// and writes go through `a/b.png~tmp-<random>` + rename. Keys never contain `~`, so
// sidecars and temp files can never collide with an object or be listed as one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { crossBundleError } from '../process-wide';
import { StorageError } from './driver';
import { assertSafeKey } from './key';
import { sameEtag } from './same-etag';

const RESERVED_MARK = '~';
const META_SUFFIX = '~meta.json';
// What a stored key's path segment can look like; sidecars and temp files (with `~`) cannot.
const SEGMENT = /^[A-Za-z0-9_.-]+$/;

interface Meta {
  contentType: string;
  etag: string;
  size: number;
  mtimeMs: number;
}

/** The upload's body does not have the length it was signed for. Thrown by the driver the
 * storage route may hold from another bundle, hence the brand. */
export class BodyLengthError extends crossBundleError('BodyLengthError') {}

/** The bytes copied do not have the ETag the caller pinned. */
export class EtagMismatchError extends Error {}

/** Absolute path of a key's file; refuses anything that would land outside the root. */
export function objectPath(root: string, key: string): string {
  assertSafeKey(key);
  const file = path.resolve(root, key);
  if (!file.startsWith(root + path.sep)) throw new StorageError('invalid_key', 'Invalid storage key: outside the root');
  return file;
}

export const metaPath = (file: string) => file + META_SUFFIX;

const quotedMd5 = (hash: ReturnType<typeof createHash>) => `"${hash.digest('hex')}"`;

export interface WriteOptions {
  contentType: string;
  /** Abort (writing nothing) unless exactly this many bytes arrive. */
  expectedLength?: number;
  /** Abort (writing nothing) unless the bytes have this ETag. */
  expectedEtag?: string;
}

/** Streams `source` to `file` atomically: readers see the old object or the whole new one. */
export async function writeAtomic(
  file: string,
  source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options: WriteOptions,
): Promise<{ etag: string; size: number }> {
  const suffix = `${RESERVED_MARK}tmp-${randomBytes(6).toString('hex')}`;
  const temp = file + suffix;
  const metaTemp = metaPath(file) + suffix;
  const handle = await openExclusive(temp);
  try {
    const hash = createHash('md5');
    let size = 0;
    for await (const chunk of source) {
      size += chunk.byteLength;
      // Checked per chunk so an oversized body is cut off before it fills the disk.
      if (options.expectedLength !== undefined && size > options.expectedLength) throw new BodyLengthError('body too long');
      hash.update(chunk);
      await handle.write(chunk);
    }
    if (options.expectedLength !== undefined && size !== options.expectedLength) throw new BodyLengthError('body too short');
    const etag = quotedMd5(hash);
    if (options.expectedEtag !== undefined && !sameEtag(etag, options.expectedEtag)) throw new EtagMismatchError(etag);
    await handle.datasync();
    const stat = await handle.stat();
    await handle.close();
    const meta: Meta = { contentType: options.contentType, etag, size, mtimeMs: stat.mtimeMs };
    await writeFileAt(metaTemp, JSON.stringify(meta));
    // Meta first: a reader that sees the new bytes finds matching meta (readMeta checks).
    await rename(metaTemp, metaPath(file));
    await rename(temp, file).catch((err: unknown) => {
      throw asConflict(err);
    });
    return { etag, size };
  } catch (err) {
    await handle.close().catch(() => undefined);
    await Promise.all([rm(temp, { force: true }), rm(metaTemp, { force: true })]);
    throw err;
  }
}

/** Content type and ETag for an open object; recomputed when the sidecar is stale. */
export async function readMeta(file: string, handle: FileHandle, stat: Stats): Promise<{ contentType: string | null; etag: string }> {
  const meta = await readFile(metaPath(file), 'utf8')
    .then((text) => JSON.parse(text) as Meta)
    .catch(() => null);
  // A crash between the two renames, or two writers racing, leaves meta that belongs
  // to other bytes: trust it only when it describes exactly this file.
  if (meta && meta.size === stat.size && meta.mtimeMs === stat.mtimeMs) {
    return { contentType: meta.contentType, etag: meta.etag };
  }
  const hash = createHash('md5');
  const buffer = Buffer.alloc(64 * 1024);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return { contentType: meta?.contentType ?? null, etag: quotedMd5(hash) };
}

/** Opens a key's file for reading, or null when there is no such object. */
export async function openObject(file: string): Promise<{ handle: FileHandle; stat: Stats } | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, stat };
}

export function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

// Keys are yielded in S3's (byte-wise) order: a folder sorts as `name/`, so `a-b`
// comes before everything under `a/`. Subtrees outside the prefix or before the
// cursor are never read.
export async function* walkKeys(dir: string, dirKey: string, prefix: string, after: string): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  const items = entries
    .filter((e) => SEGMENT.test(e.name) && e.name !== '.' && e.name !== '..' && (e.isFile() || e.isDirectory()))
    .map((e) => ({ name: e.name, isDir: e.isDirectory(), sortKey: dirKey + e.name + (e.isDirectory() ? '/' : '') }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const item of items) {
    if (item.isDir) {
      const inPrefix = item.sortKey.startsWith(prefix) || prefix.startsWith(item.sortKey);
      const notBefore = item.sortKey > after || after.startsWith(item.sortKey);
      if (inPrefix && notBefore) yield* walkKeys(path.join(dir, item.name), item.sortKey, prefix, after);
    } else if (item.sortKey.startsWith(prefix) && item.sortKey > after) {
      yield item.sortKey;
    }
  }
}

// A concurrent delete may remove the (then empty) parent folder between mkdir and open.
async function openExclusive(file: string): Promise<FileHandle> {
  for (let attempt = 0; ; attempt++) {
    await mkdir(path.dirname(file), { recursive: true }).catch((err: unknown) => {
      throw asConflict(err);
    });
    try {
      return await open(file, 'wx');
    } catch (err) {
      if (!(isMissing(err) && attempt < 3)) throw asConflict(err);
    }
  }
}

// On disk a key cannot be both an object and a folder (`a` and `a/b`); S3 allows it.
function asConflict(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTEMPTY') {
    return new StorageError('invalid_key', 'Invalid storage key: conflicts with an existing object or prefix on local disk', { cause: err });
  }
  return err;
}

async function writeFileAt(file: string, text: string) {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
