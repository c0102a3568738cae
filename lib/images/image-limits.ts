// Decides whether sharp may decode a file at all. The header is read before any pixel
// is, so a 100-byte PNG that claims 20,000×20,000 is refused without allocating 1.6 GB.
import sharp, { type Metadata, type SharpOptions } from 'sharp';

// Also the verdict when decoding fails after the header passed: a header that lied about
// its size, or data cut short, is a damaged file either way.
export const CORRUPT = 'file is truncated or corrupt';

export function decodeOptions(maxPixels: number): SharpOptions {
  // 'error' refuses truncated and damaged data yet tolerates libjpeg warnings such as
  // "extraneous bytes before marker", which plenty of cameras' files trigger.
  return { limitInputPixels: maxPixels, failOn: 'error' };
}

export function tooLarge(maxPixels: number, animated: boolean): string {
  const mp = Number((maxPixels / 1e6).toPrecision(3));
  return animated ? `animation is larger than ${mp} megapixels across its frames` : `image is larger than ${mp} megapixels`;
}

export type ImageHeader = { ok: true; metadata: Metadata; animated: boolean } | { ok: false; reason: string };

export async function readImageHeader(bytes: Buffer, maxPixels: number): Promise<ImageHeader> {
  let metadata: Metadata;
  try {
    // metadata() reads the header only, and with a limit set it would refuse a bomb with
    // the same error as a damaged file: the limit is checked below instead, with a clear reason.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, reason: CORRUPT };
  }
  const { width, height, format } = metadata;
  if (!(width > 0 && height > 0)) return { ok: false, reason: CORRUPT };
  // Every frame of a GIF/WebP animation is decoded when it is re-encoded, and sharp's own
  // limit counts them all; HEIF "pages" are alternatives (depth, bursts), only one is decoded.
  const frames = format === 'gif' || format === 'webp' ? Math.max(metadata.pages ?? 1, 1) : 1;
  if (width * height * frames > maxPixels) return { ok: false, reason: tooLarge(maxPixels, frames > 1) };
  return { ok: true, metadata, animated: frames > 1 };
}
