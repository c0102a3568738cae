// How SDK failures become StorageErrors, shared by every S3 driver method.
import { StorageError } from './driver';

export function httpStatusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

// S3 names a missing object NotFound on HEAD and NoSuchKey on GET; both are 404.
// Other refusals (403 bad credentials, 400 bad request) stay the SDK's own errors.
export function mapS3Error(err: unknown, key: string): unknown {
  if (err instanceof StorageError) return err;
  const name = (err as { name?: string } | null)?.name ?? '';
  const status = httpStatusOf(err);
  // A missing bucket is broken configuration, not a missing object.
  if (name === 'NoSuchBucket') return new StorageError('unavailable', 'Storage bucket does not exist', { cause: err });
  if (name === 'NotFound' || name === 'NoSuchKey' || status === 404) {
    return new StorageError('not_found', `No object at ${key}`, { cause: err });
  }
  if (name === 'PreconditionFailed' || status === 412) {
    return new StorageError('precondition_failed', `ETag of ${key} does not match`, { cause: err });
  }
  // No HTTP status at all means the request never got an answer (refused, reset, timed out).
  if (status === undefined || status >= 500) {
    return new StorageError('unavailable', `Storage service unavailable (${name || 'network error'})`, { cause: err });
  }
  return err;
}
