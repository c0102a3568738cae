// The 400-px WebP thumbnail and the ThumbHash placeholder, from one decode of the source:
// the 400-px pixels are kept raw and both outputs are made from them.
import sharp, { type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';

const THUMBNAIL_WIDTH = 400;
// ThumbHash refuses anything larger, and more pixels would not change the hash.
const PLACEHOLDER_MAX = 100;

export interface Thumbnail {
  thumbnail: Buffer;
  /** ThumbHash, base64 */
  placeholder: string;
}

/** `source` must already be oriented; its colour is converted to 8-bit sRGB here. */
export async function makeThumbnail(source: Sharp): Promise<Thumbnail> {
  // With resize first, sharp shrinks JPEG/WebP on load: a 12 MP photo is never fully decoded.
  // toColourspace('srgb') turns CMYK, 16-bit and greyscale into 3 (or 4) 8-bit channels.
  const { data, info } = await source
    .resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const [thumbnail, small] = await Promise.all([
    sharp(data, raw).webp().toBuffer(),
    sharp(data, raw)
      .resize(PLACEHOLDER_MAX, PLACEHOLDER_MAX, { fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  ]);
  const hash = rgbaToThumbHash(small.info.width, small.info.height, small.data);
  return { thumbnail, placeholder: Buffer.from(hash).toString('base64') };
}
