// Checks a PNG sent by an image generator and makes its thumbnail and placeholder. The PNG
// itself is stored byte for byte, so nothing here re-encodes it.
import sharp from 'sharp';
import { sniffImageType } from './sniff';
import { CORRUPT, decodeOptions, readImageHeader } from './image-limits';
import { makeThumbnail, type Thumbnail } from './thumbnail';

type Refusal = { ok: false; reason: string; code: 'unsupported_media_type' | 'bad_request' };
export type CheckedGeneratedPng = { ok: true; width: number; height: number } | Refusal;
export type ProcessedGeneratedPng = ({ ok: true; width: number; height: number } & Thumbnail) | Refusal;

/** From the magic bytes and the header alone: no pixel is decoded. */
export async function checkGeneratedPng(bytes: Buffer, { maxPixels }: { maxPixels: number }): Promise<CheckedGeneratedPng> {
  if ((await sniffImageType(bytes)) !== 'image/png') {
    return { ok: false, code: 'unsupported_media_type', reason: 'image is not a PNG' };
  }
  const header = await readImageHeader(bytes, maxPixels);
  if (!header.ok) return { ...header, code: 'bad_request' };
  return { ok: true, ...header.metadata.autoOrient };
}

/** Decodes the whole PNG (which proves it is not truncated) into its thumbnail and placeholder. */
export async function thumbnailOfGeneratedPng(bytes: Buffer, { maxPixels }: { maxPixels: number }): Promise<({ ok: true } & Thumbnail) | Refusal> {
  try {
    return { ok: true, ...(await makeThumbnail(sharp(bytes, decodeOptions(maxPixels)).autoOrient())) };
  } catch {
    return { ok: false, code: 'bad_request', reason: CORRUPT };
  }
}

export async function processGeneratedPng(bytes: Buffer, options: { maxPixels: number }): Promise<ProcessedGeneratedPng> {
  const checked = await checkGeneratedPng(bytes, options);
  if (!checked.ok) return checked;
  const thumbnail = await thumbnailOfGeneratedPng(bytes, options);
  return thumbnail.ok ? { ...checked, ...thumbnail } : thumbnail;
}
