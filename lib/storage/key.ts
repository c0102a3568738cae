// Object keys and download headers. Keys are restricted to `[A-Za-z0-9/_.-]` so they
// are the same on disk, in S3, in URLs and in signatures: nothing to escape, no path
// traversal.
import { StorageError } from './driver';

const MAX_KEY_LENGTH = 1024;
const KEY_CHARS = /^[A-Za-z0-9/_.-]*$/;

function problemWith(value: string, allowTrailingSlash: boolean): string | null {
  if (value.length > MAX_KEY_LENGTH) return `longer than ${MAX_KEY_LENGTH} characters`;
  if (!KEY_CHARS.test(value)) return 'only A-Z a-z 0-9 / _ . - are allowed';
  if (value.startsWith('/')) return 'must not start with /';
  const segments = value.split('/');
  if (allowTrailingSlash && segments.at(-1) === '') segments.pop();
  for (const segment of segments) {
    if (segment === '') return 'empty path segment';
    if (segment === '.' || segment === '..') return `"${segment}" segment`;
  }
  return null;
}

/** Throws StorageError('invalid_key') unless `key` is a safe, non-empty object key. */
export function assertSafeKey(key: string): void {
  const problem = typeof key !== 'string' || key === '' ? 'empty key' : problemWith(key, false);
  if (problem) throw new StorageError('invalid_key', `Invalid storage key: ${problem}`);
}

/** Like assertSafeKey, but '' (everything) and a trailing '/' are allowed. */
export function assertSafePrefix(prefix: string): void {
  const problem = typeof prefix !== 'string' ? 'not a string' : prefix === '' ? null : problemWith(prefix, true);
  if (problem) throw new StorageError('invalid_key', `Invalid storage prefix: ${problem}`);
}

/** Same ceiling as SigV4 presigned URLs (one week). */
const MAX_EXPIRES_IN = 604_800;

/** Presign inputs both drivers refuse alike (RangeError: a caller bug, not user input). */
export function assertPresignTerms(expiresIn: number, contentLength?: number): void {
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN) {
    throw new RangeError(`expiresIn must be a whole number of seconds from 1 to ${MAX_EXPIRES_IN}`);
  }
  if (contentLength !== undefined && (!Number.isSafeInteger(contentLength) || contentLength < 0)) {
    throw new RangeError('contentLength must be a whole number of bytes');
  }
}

/**
 * A Content-Disposition value that is safe to put in a header and in a signed URL.
 * The quoted `filename` is a plain-ASCII fallback for old clients; `filename*`
 * (RFC 5987/6266) carries the real name in UTF-8.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename?: string): string {
  if (filename === undefined) return kind;
  // Control characters (CR/LF included) could split the header; quotes and
  // backslashes could end the quoted string; path separators mean nothing here.
  const cleaned = filename
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
    .replace(/[\u0000-\u001f\u007f-\u009f"\\/]/g, '')
    .trim()
    .slice(0, 200);
  if (cleaned === '') return kind;
  const ascii = cleaned
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/[%;]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
