// Checks a PNG sent by an image generator and makes its thumbnail and placeholder. The PNG
// itself is stored byte for byte, so nothing here re-encodes it.
import sharp from 'sharp';
import { sniffImageType } from './sniff';
import { CORRUPT, decodeOptions, readImageHeader } from './image-limits';
import { makeThumbnail, type Thumbnail } from './thumbnail';

export type ProcessedGeneratedPng =
  | ({ ok: true; width: number; height: number } & Thumbnail)
  | { ok: false; reason: string; code: 'unsupported_media_type' | 'bad_request' };

export async function processGeneratedPng(bytes: Buffer, { maxPixels }: { maxPixels: number }): Promise<ProcessedGeneratedPng> {
  if ((await sniffImageType(bytes)) !== 'image/png') {
    return { ok: false, code: 'unsupported_media_type', reason: 'image is not a PNG' };
  }
  const header = await readImageHeader(bytes, maxPixels);
  if (!header.ok) return { ...header, code: 'bad_request' };
  try {
    // Decoding the whole PNG for the thumbnail is also what proves it is not truncated.
    const thumbnail = await makeThumbnail(sharp(bytes, decodeOptions(maxPixels)).autoOrient());
    return { ok: true, ...header.metadata.autoOrient, ...thumbnail };
  } catch {
    return { ok: false, code: 'bad_request', reason: CORRUPT };
  }
}
