// Bytes in, verdict out: what an upload really is, its size as displayed, the bytes to serve
// (nothing but the colour profile left of its metadata, in every format), a thumbnail and a
// placeholder. Storage-free, so the confirm step and the benchmarks run the same code.
import sharp, { type FormatEnum, type Metadata } from 'sharp';
import { looksLikeSvg, sniffImageType, type ImageMimeType } from './sniff';
import { CORRUPT, decodeOptions, readImageHeader } from './image-limits';
import { makeThumbnail, type Thumbnail } from './thumbnail';
import { decodeHeic } from './decode-heic';
import { stripMetadata, StripError } from './strip-metadata';
import { log } from '@/lib/log';

export interface ProcessImageOptions {
  maxPixels: number;
  allowed: readonly string[];
  /** Frames an animation may have (every frame costs a decode wherever it is rendered). */
  maxFrames?: number;
  /** Always re-encode (default false: strip at the container level unless pixels must turn). */
  reencode?: boolean;
}

type WebMimeType = Exclude<ImageMimeType, 'image/heic' | 'image/heif'>;

export type ProcessedImage =
  | ({
      ok: true;
      /** What `served` is, from its magic bytes (not the declared type); HEIC/HEIF become JPEG. */
      mimeType: WebMimeType;
      /** As displayed, after EXIF orientation */
      width: number;
      height: number;
      /** The bytes to serve: the upload with its metadata stripped, or re-encoded upright. */
      served: Buffer;
    } & Thumbnail)
  | { ok: false; reason: string };

const LABELS: Record<ImageMimeType, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
};

// libvips' name for each type: a file that file-type and libvips read differently is refused.
const SHARP_FORMAT: Record<ImageMimeType, keyof FormatEnum> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heif',
  'image/heif': 'heif',
};

// mozjpeg's trellis quantisation is several times slower for a few per cent smaller files.
const JPEG_OUTPUT = { quality: 90, mozjpeg: false } as const;

export async function processImage(bytes: Buffer, options: ProcessImageOptions): Promise<ProcessedImage> {
  const { maxPixels, allowed, maxFrames = Infinity, reencode = false } = options;
  const mimeType = await sniffImageType(bytes);
  if (!mimeType) return { ok: false, reason: looksLikeSvg(bytes) ? 'SVG is not allowed' : 'not a supported image' };
  if (!allowed.includes(mimeType)) return { ok: false, reason: `${LABELS[mimeType]} is not allowed` };

  const header = await readImageHeader(bytes, maxPixels);
  if (!header.ok) return header;
  const { metadata, animated } = header;
  if (metadata.format !== SHARP_FORMAT[mimeType]) return { ok: false, reason: CORRUPT };
  const frames = animated ? (metadata.pages ?? 1) : 1;
  if (frames > maxFrames) return { ok: false, reason: `animation has ${frames} frames; at most ${maxFrames} are allowed` };

  try {
    if (mimeType === 'image/heic' || mimeType === 'image/heif') return await processHeic(bytes, metadata, maxPixels);
    return await processWebImage(bytes, mimeType, metadata, { animated, maxPixels, reencode });
  } catch {
    // Decoders report truncation and damage by throwing; the verdict is the same for all.
    return { ok: false, reason: CORRUPT };
  }
}

function hasPrivateMetadata(m: Metadata): boolean {
  return Boolean(m.exif || m.xmp || m.iptc || m.tifftagPhotoshop || m.comments?.length);
}

async function processWebImage(
  bytes: Buffer,
  mimeType: WebMimeType,
  metadata: Metadata,
  { animated, maxPixels, reencode }: { animated: boolean; maxPixels: number; reencode: boolean },
): Promise<ProcessedImage> {
  // sharp cannot rotate multi-page images, so an animation's EXIF orientation is ignored
  // everywhere (size, thumbnail, served bytes) rather than honoured in some places only.
  const orient = !animated;
  const { width, height } = orient ? metadata.autoOrient : metadata;
  const mustReencode = reencode || (orient && (metadata.orientation ?? 1) !== 1);
  // The thumbnail is decoded from the original (shrink-on-load), not from the re-encoded
  // copy: decoding a small version twice is cheaper than waiting for the full encode.
  const source = sharp(bytes, decodeOptions(maxPixels));
  const [served, thumbnail] = await Promise.all([
    mustReencode ? reencodeImage(bytes, mimeType, metadata, { animated, maxPixels }) : stripped(bytes, mimeType, metadata, { animated, maxPixels }),
    makeThumbnail(orient ? source.autoOrient() : source),
  ]);
  return { ok: true, mimeType, width, height, served, ...thumbnail };
}

// Lossless and cheap: the same image data without its metadata blocks. Should the container
// be one the stripper cannot walk, or the result not read back as the same clean image, the
// pixels are re-encoded instead: what is served never keeps what it should not.
async function stripped(bytes: Buffer, mimeType: WebMimeType, original: Metadata, decode: { animated: boolean; maxPixels: number }): Promise<Buffer> {
  try {
    const out = stripMetadata(bytes, mimeType);
    const check = await sharp(out, { limitInputPixels: false }).metadata();
    const same =
      check.format === original.format &&
      check.width === original.width &&
      check.height === original.height &&
      (check.pages ?? 1) === (original.pages ?? 1) &&
      Boolean(check.icc) === Boolean(original.icc);
    if (same && !hasPrivateMetadata(check)) return out;
  } catch (err) {
    // A StripError is a container we do not walk; anything else, a result that did not read back.
    if (!(err instanceof StripError)) log.warn({ err, mimeType }, 'stripped image did not read back; re-encoding');
  }
  return reencodeImage(bytes, mimeType, original, decode);
}

// Same format, pixels turned upright, every metadata block dropped except the ICC profile
// (sharp writes EXIF/XMP/IPTC only when asked to keep them).
function reencodeImage(
  bytes: Buffer,
  mimeType: WebMimeType,
  metadata: Metadata,
  { animated, maxPixels }: { animated: boolean; maxPixels: number },
): Promise<Buffer> {
  let image = sharp(bytes, { ...decodeOptions(maxPixels), animated }).keepIccProfile();
  if (!animated) image = image.autoOrient();
  switch (mimeType) {
    case 'image/jpeg':
      return image.jpeg(JPEG_OUTPUT).toBuffer();
    case 'image/png':
      // PNG stays lossless, so 16-bit input keeps its 16 bits (sharp writes 8 by default).
      if (metadata.depth === 'ushort') image = image.toColourspace(metadata.channels <= 2 ? 'grey16' : 'rgb16');
      return image.png().toBuffer();
    case 'image/webp':
      return image.webp({ quality: 90 }).toBuffer();
    case 'image/gif':
      return image.gif().toBuffer();
  }
}

async function processHeic(bytes: Buffer, metadata: Metadata, maxPixels: number): Promise<ProcessedImage> {
  // libheif applies the HEIF rotation/mirror boxes, so the decoded pixels are upright.
  const decoded = await decodeHeic(bytes, maxPixels, async ({ width, height, data }) => {
    const pixels = () => {
      const image = sharp(data, { limitInputPixels: maxPixels, raw: { width, height, channels: 4 } });
      // libheif always hands back RGBA; an opaque alpha channel would only cost time.
      return metadata.hasAlpha ? image : image.removeAlpha();
    };
    const [served, thumbnail] = await Promise.all([
      // JPEG has no alpha: transparent areas become white, not black.
      pixels().flatten({ background: '#ffffff' }).jpeg(JPEG_OUTPUT).toBuffer(),
      makeThumbnail(pixels()),
    ]);
    return { width, height, served, ...thumbnail };
  });
  return decoded.ok ? { ok: true, mimeType: 'image/jpeg', ...decoded.value } : decoded;
}
