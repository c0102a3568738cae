// base64 (optionally a data: URL, with any whitespace) into bytes, refusing broken input
// instead of letting Buffer.from silently skip bad characters.
import { AppError } from '@/lib/http/errors';

const DATA_URL_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;

export function decodeImageData(imageData: string, maxBytes: number): Buffer {
  const base64 = imageData.replace(DATA_URL_PREFIX, '');
  const bytes = Buffer.from(base64, 'base64');
  // Valid base64 is exactly what encoding its bytes gives back (line breaks aside): a native
  // decode and encode, ~5x faster than a character-class regex over megabytes. Buffer.from
  // alone would silently skip bad characters.
  if (bytes.length === 0 || !(encodesTo(bytes, base64) || encodesTo(bytes, base64.replace(/\s+/g, '')))) {
    throw new AppError('bad_request', 'imageData is not valid base64');
  }
  if (bytes.length > maxBytes) throw new AppError('payload_too_large', `The image must be at most ${maxBytes} bytes`, { maxBytes });
  return bytes;
}

// Compared a slice at a time, so a 10 MB image never needs a second 14 MB string.
const SLICE_BYTES = 48 * 1024; // a multiple of 3: each slice encodes without padding
function encodesTo(bytes: Buffer, base64: string) {
  if (base64.length !== Math.ceil(bytes.length / 3) * 4) return false;
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    const text = (at / 3) * 4;
    const encoded = bytes.subarray(at, at + SLICE_BYTES).toString('base64');
    if (base64.slice(text, text + encoded.length) !== encoded) return false;
  }
  return true;
}

/** Largest JSON body that can carry a maxBytes image: base64 growth plus prompt and metadata. */
export function generatedBodyLimit(maxBytes: number) {
  return Math.ceil(maxBytes / 3) * 4 + 256 * 1024;
}
