// The one storage interface. Both drivers (local disk, S3) implement it and pass
// lib/storage/driver.contract.ts. Keys are always `[A-Za-z0-9/_.-]+` (see key.ts).
import { crossBundleError } from '../process-wide';

export interface PresignPutInput {
  key: string;
  contentType: string;
  /** Exact byte length the upload must have. */
  contentLength: number;
  /** Seconds the URL stays valid. */
  expiresIn: number;
}

export interface PresignedPut {
  url: string;
  method: 'PUT';
  /** Headers the client must send verbatim with the PUT. */
  headers: Record<string, string>;
  expiresIn: number;
}

export interface PresignGetInput {
  key: string;
  expiresIn: number;
  /** Content-Type the response must carry. */
  responseContentType?: string;
  /** Content-Disposition the response must carry (built by contentDisposition()). */
  responseContentDisposition?: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  contentType: string | null;
  etag: string | null;
  lastModified: Date;
}

export interface ListPage {
  objects: ObjectInfo[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface DeleteManyResult {
  /** Keys that are gone now (including keys that were already missing). */
  deleted: string[];
  failed: { key: string; message: string }[];
}

export interface CopyInput {
  from: string;
  to: string;
  /** Refuse the copy (StorageError 'precondition_failed') unless the source ETag matches. */
  ifMatch?: string;
}

export interface PutInput {
  key: string;
  body: Buffer;
  contentType: string;
}

export type StorageErrorCode = 'not_found' | 'precondition_failed' | 'invalid_key' | 'unavailable';

export class StorageError extends crossBundleError('StorageError') {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A StorageError (from any bundle's copy of the class: see the brand above), of `code` if given. */
export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

export const MAX_DELETE_BATCH = 1000;

export interface StorageDriver {
  readonly kind: 'local' | 's3';
  presignPut(input: PresignPutInput): Promise<PresignedPut>;
  presignGet(input: PresignGetInput): Promise<string>;
  /** null when the object does not exist. */
  head(key: string): Promise<ObjectInfo | null>;
  /** The first `length` bytes (fewer if the object is shorter). Throws not_found. */
  readRange(key: string, length: number): Promise<Buffer>;
  /** The whole object. Throws not_found. */
  read(key: string): Promise<Buffer>;
  put(input: PutInput): Promise<{ etag: string | null }>;
  /** Server-side copy: bytes never pass through this process on S3. */
  copy(input: CopyInput): Promise<{ etag: string | null }>;
  /** At most MAX_DELETE_BATCH keys per call; more throws. */
  deleteMany(keys: string[]): Promise<DeleteManyResult>;
  list(prefix: string, options?: { cursor?: string | null; limit?: number }): Promise<ListPage>;
  /** Cheap reachability probe for /api/health. Throws when unreachable. */
  ping(): Promise<void>;
}
