import { thumbHashToDataURL } from 'thumbhash';

/** A blurred data-URL preview from a stored ThumbHash (base64), or undefined. */
export function placeholderUrl(placeholder: string | null | undefined) {
  if (!placeholder) return undefined;
  try {
    return thumbHashToDataURL(Uint8Array.from(Buffer.from(placeholder, 'base64')));
  } catch {
    return undefined;
  }
}
