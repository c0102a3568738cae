// ETags compared as S3 means them: the same bytes whether or not the store quoted the value
// (RGW answers CopyObject with an unquoted ETag and HEAD with a quoted one).
export function sameEtag(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const bare = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return bare(a) === bare(b);
}
