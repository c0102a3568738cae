// S3-compatible storage (AWS S3, R2, MinIO) through the AWS SDK v3. Bytes never pass
// through the app on this path except for put/read, which the server-side steps use
// (thumbnails, sniffing the first bytes of an upload).
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type DeleteObjectsCommandOutput,
} from '@aws-sdk/client-s3';
import {
  MAX_DELETE_BATCH,
  StorageError,
  isStorageError,
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
import { httpStatusOf, mapS3Error } from './s3-errors';
import { S3UrlPresigner } from './s3-presign';
import { copyPinned, quotedEtag } from './s3-copy';

export interface S3StorageOptions {
  /** Omit for AWS itself; e.g. https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

// Without signing these two, a URL made for a 5 MB JPEG would accept 5 GB of HTML.
const PUT_SIGNED_HEADERS = new Set(['content-type', 'content-length']);
const LIST_MAX = 1000;

export class S3StorageDriver implements StorageDriver {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly presigner: S3UrlPresigner;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // The default (WHEN_SUPPORTED) puts a checksum of an empty body into presigned PUT
      // URLs, which real S3/R2/MinIO then reject, and sends streamed bodies aws-chunked.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.presigner = new S3UrlPresigner(this.client, this.bucket);
  }

  async presignPut({ key, contentType, contentLength, expiresIn }: PresignPutInput): Promise<PresignedPut> {
    assertSafeKey(key);
    assertPresignTerms(expiresIn, contentLength);
    const url = await this.presigner.put(key, contentType, contentLength, expiresIn, PUT_SIGNED_HEADERS);
    // Content-Length is not listed: browsers refuse to set it and always send the body's.
    return { url, method: 'PUT', headers: { 'Content-Type': contentType }, expiresIn };
  }

  async presignGet({ key, expiresIn, responseContentType, responseContentDisposition }: PresignGetInput): Promise<string> {
    assertSafeKey(key);
    assertPresignTerms(expiresIn);
    return this.presigner.get(key, expiresIn, {
      contentType: responseContentType,
      disposition: responseContentDisposition,
      // Never cached past the URL's own expiry, and only by the requester.
      cacheControl: `private, max-age=${expiresIn}`,
    });
  }

  async head(key: string): Promise<ObjectInfo | null> {
    assertSafeKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: out.ContentLength ?? 0,
        contentType: out.ContentType ?? null,
        etag: quotedEtag(out.ETag),
        lastModified: out.LastModified ?? new Date(0),
      };
    } catch (err) {
      const mapped = mapS3Error(err, key);
      if (mapped instanceof StorageError && mapped.code === 'not_found') return null;
      throw mapped;
    }
  }

  async readRange(key: string, length: number): Promise<Buffer> {
    assertSafeKey(key);
    if (length <= 0) {
      if (!(await this.head(key))) throw new StorageError('not_found', `No object at ${key}`);
      return Buffer.alloc(0);
    }
    try {
      return await this.getBytes(key, `bytes=0-${length - 1}`);
    } catch (err) {
      // An empty object has no byte 0: S3 answers 416 where "the first n bytes" is empty.
      if (httpStatusOf(err) === 416 && (await this.head(key))?.size === 0) return Buffer.alloc(0);
      throw mapS3Error(err, key);
    }
  }

  async read(key: string): Promise<Buffer> {
    assertSafeKey(key);
    try {
      return await this.getBytes(key);
    } catch (err) {
      throw mapS3Error(err, key);
    }
  }

  async put({ key, body, contentType }: PutInput): Promise<{ etag: string | null }> {
    assertSafeKey(key);
    try {
      const out = await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }),
      );
      return { etag: quotedEtag(out.ETag) };
    } catch (err) {
      throw mapS3Error(err, key);
    }
  }

  async copy(input: CopyInput): Promise<{ etag: string | null }> {
    assertSafeKey(input.from);
    assertSafeKey(input.to);
    return copyPinned(this.client, this.bucket, input);
  }

  async deleteMany(keys: string[]): Promise<DeleteManyResult> {
    if (keys.length > MAX_DELETE_BATCH) throw new RangeError(`deleteMany takes at most ${MAX_DELETE_BATCH} keys`);
    keys.forEach(assertSafeKey);
    if (keys.length === 0) return { deleted: [], failed: [] };
    if (new Set(keys).size === 1) return this.deleteOne(keys[0]);
    let out: DeleteObjectsCommandOutput;
    try {
      out = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: false } }));
    } catch (err) {
      throw mapS3Error(err, keys[0]);
    }
    // A 200 answer can still carry per-key failures.
    const deleted = new Set((out.Deleted ?? []).map((d) => d.Key));
    const failed: DeleteManyResult['failed'] = [];
    for (const error of out.Errors ?? []) {
      if (error.Code === 'NoSuchKey' && error.Key) deleted.add(error.Key);
      else if (error.Key) failed.push({ key: error.Key, message: `${error.Code ?? 'Error'}: ${error.Message ?? ''}`.trim() });
    }
    const reported = new Set([...deleted, ...failed.map((f) => f.key)]);
    for (const key of new Set(keys)) {
      if (!reported.has(key)) failed.push({ key, message: 'not reported by the storage service' });
    }
    return { deleted: [...new Set(keys)].filter((key) => deleted.has(key)), failed };
  }

  // One key goes by DeleteObject: its answer is a bare 204, where DeleteObjects' XML answer
  // waits ~40 ms on Ceph RGW's default frontend (its Nagle meets the client's delayed ACK;
  // measured 46 ms against 8). Reported as DeleteObjects reports: missing counts as deleted,
  // a refusal of the key is a failure of that key, no answer at all throws.
  private async deleteOne(key: string): Promise<DeleteManyResult> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      const mapped = mapS3Error(err, key);
      if (isStorageError(mapped, 'not_found')) return { deleted: [key], failed: [] };
      if (mapped instanceof StorageError) throw mapped;
      const { name, message } = err as Error;
      return { deleted: [], failed: [{ key, message: `${name || 'Error'}: ${message}`.trim() }] };
    }
    return { deleted: [key], failed: [] };
  }

  async list(prefix: string, options: { cursor?: string | null; limit?: number } = {}): Promise<ListPage> {
    assertSafePrefix(prefix);
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? LIST_MAX), 1), LIST_MAX);
    try {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix || undefined,
          MaxKeys: limit,
          ContinuationToken: options.cursor || undefined,
        }),
      );
      const objects = (out.Contents ?? []).flatMap((o): ObjectInfo[] =>
        o.Key ? [{ key: o.Key, size: o.Size ?? 0, contentType: null, etag: quotedEtag(o.ETag), lastModified: o.LastModified ?? new Date(0) }] : [],
      );
      return { objects, nextCursor: out.IsTruncated ? (out.NextContinuationToken ?? null) : null };
    } catch (err) {
      throw mapS3Error(err, prefix);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const mapped = mapS3Error(err, '');
      if (mapped instanceof StorageError && mapped.code === 'unavailable') throw mapped;
      throw new StorageError('unavailable', `Bucket check failed: ${(err as Error).name ?? 'error'}`, { cause: err });
    }
  }

  private async getBytes(key: string, range?: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range }));
    if (!out.Body) return Buffer.alloc(0);
    if (out.ContentLength === undefined) {
      const bytes = await out.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return collectExactly(out.Body as AsyncIterable<Uint8Array>, out.ContentLength, key);
  }
}

/**
 * A body read into one buffer of its announced size as it arrives. The SDK's collector keeps
 * every chunk until the end and then copies them into a zeroed array, so a 5 MB upload being
 * confirmed briefly took 15 MB (and the collector's time) where it needs 5.
 */
async function collectExactly(body: AsyncIterable<Uint8Array>, length: number, key: string): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  let filled = 0;
  for await (const chunk of body) {
    if (filled + chunk.byteLength > length) throw new StorageError('unavailable', `Storage sent more than the ${length} bytes it announced for ${key}`);
    bytes.set(chunk, filled);
    filled += chunk.byteLength;
  }
  if (filled !== length) throw new StorageError('unavailable', `Storage sent ${filled} of the ${length} bytes it announced for ${key}`);
  return bytes;
}
