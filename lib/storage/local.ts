// Local-disk storage for the embedded mode: files under <DATA_DIR>/storage, signed
// URLs served by the app itself (app/api/storage/[...key] → local-serve.ts) with the
// same binding as S3 presigned URLs. See local-files.ts for the on-disk layout.
import { access, constants, mkdir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  MAX_DELETE_BATCH,
  StorageError,
  type CopyInput,
  type DeleteManyResult,
  type ListPage,
  type ObjectInfo,
  type PresignGetInput,
  type PresignPutInput,
  type PresignedPut,
  type PutInput,
  type StorageDriver,
} from './driver';
import { assertPresignTerms, assertSafeKey, assertSafePrefix } from './key';
import { EtagMismatchError, isMissing, metaPath, objectPath, openObject, readMeta, walkKeys, writeAtomic } from './local-files';
import { LocalUrlSigner, type Verdict } from './local-signature';

export interface LocalStorageOptions {
  /** Folder holding the objects (created on first write). */
  root: string;
  /**
   * Origin of the app; signed URLs point at `${baseUrl}/api/storage/<key>`. A function is
   * asked per URL (embedded mode: the current request's origin); null makes URLs relative.
   */
  baseUrl: string | (() => string | null);
  /** At least 32 characters; the URL-signing key is derived from it. */
  secret: string;
  /** Milliseconds since the epoch; injectable so tests can move the clock. */
  now?: () => number;
}

const LIST_MAX = 1000;
const LIST_HEAD_BATCH = 32;
const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export class LocalStorageDriver implements StorageDriver {
  readonly kind = 'local' as const;
  readonly root: string;
  private readonly signer: LocalUrlSigner;
  private readonly now: () => number;

  constructor(options: LocalStorageOptions) {
    this.root = path.resolve(options.root);
    this.signer = new LocalUrlSigner(options.secret, options.baseUrl);
    this.now = options.now ?? Date.now;
  }

  async presignPut({ key, contentType, contentLength, expiresIn }: PresignPutInput): Promise<PresignedPut> {
    assertSafeKey(key);
    assertPresignTerms(expiresIn, contentLength);
    const url = this.signer.putUrl({ key, contentType, contentLength, expires: this.expiry(expiresIn) });
    return { url, method: 'PUT', headers: { 'Content-Type': contentType }, expiresIn };
  }

  async presignGet({ key, expiresIn, responseContentType, responseContentDisposition }: PresignGetInput): Promise<string> {
    assertSafeKey(key);
    assertPresignTerms(expiresIn);
    return this.signer.getUrl({ key, expires: this.expiry(expiresIn), responseContentType, responseContentDisposition });
  }

  async head(key: string): Promise<ObjectInfo | null> {
    const file = objectPath(this.root, key);
    const opened = await openObject(file);
    if (!opened) return null;
    try {
      const { contentType, etag } = await readMeta(file, opened.handle, opened.stat);
      return { key, size: opened.stat.size, contentType, etag, lastModified: opened.stat.mtime };
    } finally {
      await opened.handle.close();
    }
  }

  async readRange(key: string, length: number): Promise<Buffer> {
    const opened = await this.mustOpen(key);
    try {
      // Unzeroed: only the bytes read into it are ever handed out.
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, opened.stat.size)));
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await opened.handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await opened.handle.close();
    }
  }

  async read(key: string): Promise<Buffer> {
    const opened = await this.mustOpen(key);
    try {
      return await opened.handle.readFile();
    } finally {
      await opened.handle.close();
    }
  }

  async put({ key, body, contentType }: PutInput): Promise<{ etag: string | null }> {
    const { etag } = await writeAtomic(objectPath(this.root, key), [body], { contentType });
    return { etag };
  }

  async copy({ from, to, ifMatch }: CopyInput): Promise<{ etag: string | null }> {
    const target = objectPath(this.root, to);
    const source = await this.mustOpen(from);
    try {
      const { contentType } = await readMeta(objectPath(this.root, from), source.handle, source.stat);
      // The ETag is checked on the bytes actually copied, so a concurrent overwrite of
      // the source cannot slip through between a check and the copy.
      const bytes = source.handle.createReadStream({ start: 0, autoClose: false });
      const { etag } = await writeAtomic(target, bytes, { contentType: contentType ?? DEFAULT_CONTENT_TYPE, expectedEtag: ifMatch });
      return { etag };
    } catch (err) {
      if (err instanceof EtagMismatchError) throw new StorageError('precondition_failed', `ETag of ${from} does not match`);
      throw err;
    } finally {
      await source.handle.close();
    }
  }

  async deleteMany(keys: string[]): Promise<DeleteManyResult> {
    if (keys.length > MAX_DELETE_BATCH) throw new RangeError(`deleteMany takes at most ${MAX_DELETE_BATCH} keys`);
    // A key named twice is reported once, as S3 reports it.
    const unique = [...new Set(keys)];
    const files = unique.map((key) => objectPath(this.root, key));
    const result: DeleteManyResult = { deleted: [], failed: [] };
    await Promise.all(
      files.map(async (file, i) => {
        try {
          // Both at once: every unlink is queued up front, so the file system keeps working while
          // the caller holds the event loop (clean-up's queries on PGlite). A meta file gone
          // before a failed object unlink costs only the content type (readMeta copes).
          const [object] = await Promise.allSettled([unlink(file), unlink(metaPath(file))]);
          if (object.status === 'rejected' && !isMissing(object.reason)) throw object.reason;
          result.deleted.push(unique[i]);
        } catch (err) {
          result.failed.push({ key: unique[i], message: err instanceof Error ? err.message : String(err) });
        }
      }),
    );
    // Once per folder, not per key: a batch usually empties a few folders of many files. All
    // at once: one after another, each rmdir waits for a turn of the event loop, which a busy
    // caller (clean-up's queries on PGlite) holds for milliseconds a time. Siblings racing for
    // their parent are harmless: each tries it only after removing itself, so the last one
    // gone finds it empty.
    const folders = [...new Set(files.map((file) => path.dirname(file)))];
    await Promise.all(folders.map((folder) => this.pruneEmptyFolders(folder)));
    return result;
  }

  async list(prefix: string, options: { cursor?: string | null; limit?: number } = {}): Promise<ListPage> {
    assertSafePrefix(prefix);
    const after = options.cursor ? decodeCursor(options.cursor) : '';
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? LIST_MAX), 1), LIST_MAX);
    const objects: ObjectInfo[] = [];
    let batch: string[] = [];
    // Heads go out a batch at a time: one after another, a page of 1,000 waited on ~6,000
    // file-system round trips in turn.
    const flush = async () => {
      for (const info of await Promise.all(batch.map((key) => this.head(key)))) if (info) objects.push(info);
      batch = [];
    };
    for await (const key of walkKeys(this.root, '', prefix, after)) {
      if (objects.length + batch.length === limit) {
        await flush();
        if (objects.length === limit) return { objects, nextCursor: encodeCursor(objects[limit - 1].key) };
      }
      batch.push(key);
      if (batch.length === LIST_HEAD_BATCH) await flush();
    }
    await flush();
    return { objects, nextCursor: null };
  }

  async ping(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw new StorageError('unavailable', 'Local storage folder is not writable', { cause: err });
    }
  }

  // ---- used by local-serve.ts only ----

  verifyRequest(method: 'GET' | 'PUT', key: string, query: URLSearchParams, headers: Headers): Verdict {
    return this.signer.verify(method, key, query, headers, Math.floor(this.now() / 1000));
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  writeUpload(key: string, body: AsyncIterable<Uint8Array>, contentType: string, expectedLength: number) {
    return writeAtomic(objectPath(this.root, key), body, { contentType, expectedLength });
  }

  async openForServe(key: string) {
    const file = objectPath(this.root, key);
    const opened = await openObject(file);
    if (!opened) return null;
    const meta = await readMeta(file, opened.handle, opened.stat).catch(async (err: unknown) => {
      await opened.handle.close();
      throw err;
    });
    return { ...opened, ...meta };
  }

  private expiry(expiresIn: number): number {
    return Math.floor(this.now() / 1000) + expiresIn;
  }

  private async mustOpen(key: string) {
    const opened = await openObject(objectPath(this.root, key));
    if (!opened) throw new StorageError('not_found', `No object at ${key}`);
    return opened;
  }

  // Deleting the last object of a session should not leave its folder behind forever.
  private async pruneEmptyFolders(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(this.root + path.sep); current = path.dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
    }
  }
}

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  assertSafeKey(key);
  return key;
}
