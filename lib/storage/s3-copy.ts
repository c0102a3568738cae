// CopyObject pinned to the source's ETag, checked on our side as well. Ceph RGW (like other
// S3-compatible stores, and the old test fake) ignores CopySourceIfMatch: a copy of a source
// overwritten since it was pinned succeeds and writes the new bytes. A non-multipart copy's
// ETag is its source's (MD5 of the bytes), so a copy whose ETag is not the pinned one holds
// other bytes: it is removed and the copy refused, exactly as a store that honours the
// header would have refused it (412).
import { CopyObjectCommand, DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError, type CopyInput } from './driver';
import { mapS3Error } from './s3-errors';
import { sameEtag } from './same-etag';

/** ETags handed out quoted, as HEAD gives them: RGW returns a copy's ETag unquoted. */
export function quotedEtag(etag: string | null | undefined): string | null {
  if (!etag) return null;
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

export async function copyPinned(client: S3Client, bucket: string, { from, to, ifMatch }: CopyInput): Promise<{ etag: string | null }> {
  let etag: string | null;
  try {
    const out = await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: to,
        // The SDK sends CopySource verbatim; S3 wants it URL-encoded.
        CopySource: `${encodeURIComponent(bucket)}/${from.split('/').map(encodeURIComponent).join('/')}`,
        // Still sent: stores that honour it refuse before writing anything.
        CopySourceIfMatch: ifMatch,
        MetadataDirective: 'COPY',
      }),
    );
    etag = quotedEtag(out.CopyObjectResult?.ETag);
  } catch (err) {
    throw mapS3Error(err, from);
  }
  if (ifMatch === undefined || sameEtag(etag, ifMatch)) return { etag };
  // Not deleteMany: one key, and a failure here must surface rather than hide in a list.
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: to }));
  } catch (err) {
    throw new StorageError('unavailable', `Copy of ${from} to ${to} holds other bytes than pinned and could not be removed`, { cause: mapS3Error(err, to) });
  }
  throw new StorageError('precondition_failed', `ETag of ${from} is ${etag ?? 'unknown'}, not the pinned ${ifMatch}; the copy was removed`);
}
