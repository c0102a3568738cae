// base64 (optionally a data: URL, with any whitespace) into bytes, refusing broken input
// instead of letting Buffer.from silently skip bad characters.
import { AppError } from '@/lib/http/errors';

const DATA_URL_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;

export function decodeImageData(imageData: string, maxBytes: number): Buffer {
  const base64 = imageData.replace(DATA_URL_PREFIX, '').replace(/\s+/g, '');
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new AppError('bad_request', 'imageData is not valid base64');
  }
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  if ((base64.length / 4) * 3 - padding > maxBytes) {
    throw new AppError('payload_too_large', `The image must be at most ${maxBytes} bytes`, { maxBytes });
  }
  return Buffer.from(base64, 'base64');
}

/** Largest JSON body that can carry a maxBytes image: base64 growth plus prompt and metadata. */
export function generatedBodyLimit(maxBytes: number) {
  return Math.ceil(maxBytes / 3) * 4 + 256 * 1024;
}
