// Test and benchmark images, made at run time (with sharp, or by hand for PNG) so the repo
// holds no binary fixtures. The one exception is a 496-byte HEIC: sharp's prebuilt libvips
// cannot encode HEVC, so it was made once from a 96×64 gradient PNG with Debian's heif-enc
// (libheif-examples):  heif-enc -q 50 -o lib/images/fixtures/sample-96x64.heic gradient.png
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

type WebFormat = 'jpeg' | 'png' | 'gif' | 'webp';

// A gradient rather than a flat colour, so encoders and resizers have real work to do.
// Frames are stacked vertically, as libvips stores animations.
function gradientPixels(width: number, height: number, channels: 3 | 4 = 3, frames = 1): Buffer {
  const pixels = Buffer.alloc(width * height * frames * channels);
  for (let y = 0; y < height * frames; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = ((y % height) * 255) / height;
      pixels[i + 2] = (Math.floor(y / height) * 97) % 256;
      if (channels === 4) pixels[i + 3] = 128 + (x * 127) / width;
    }
  }
  return pixels;
}

function gradient(width: number, height: number, channels: 3 | 4 = 3, frames = 1): Sharp {
  const pageHeight = frames > 1 ? { pageHeight: height } : {};
  return sharp(gradientPixels(width, height, channels, frames), { raw: { width, height: height * frames, channels, ...pageHeight } });
}

export function makeImage(format: WebFormat, width: number, height: number): Promise<Buffer> {
  return gradient(width, height).toFormat(format).toBuffer();
}

// PNGs are written by hand (zlib + CRC) so tests can make them synchronously, and so the
// bomb below can claim any size in an otherwise valid file.
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(width: number, height: number, channels: 3 | 4, scanlines: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8); // 8 bits, RGB(A), deflate, no filter, no interlace
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(scanlines)), pngChunk('IEND', Buffer.alloc(0))]);
}

export function makePng(width: number, height: number, { alpha = false } = {}): Buffer {
  const channels = alpha ? 4 : 3;
  const pixels = gradientPixels(width, height, channels);
  const stride = width * channels;
  const scanlines = Buffer.alloc((stride + 1) * height); // each row starts with filter type 0
  for (let y = 0; y < height; y++) pixels.copy(scanlines, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return encodePng(width, height, channels, scanlines);
}

/**
 * A decompression bomb: a ~70-byte PNG whose valid IHDR claims width×height over the pixel
 * data of one pixel. Decoders believe the header and would allocate for it.
 */
export function makePngBomb(width: number, height: number): Buffer {
  return encodePng(width, height, 3, Buffer.from([0, 0, 0, 0]));
}

// libvips numbers EXIF directories 0 main image, 1 thumbnail, 2 Exif, 3 GPS, 4 Interop.
const GPS = {
  GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2975/100',
  GPSLongitudeRef: 'E', GPSLongitude: '2/1 17/1 4022/100',
};

/** A camera-like JPEG: EXIF with a make, an orientation, optionally GPS and a Display P3 profile. */
export function makeJpegWithExif({ width, height, orientation = 6, gps = true, iccProfile = true }: {
  width: number; height: number; orientation?: number; gps?: boolean; iccProfile?: boolean;
}): Promise<Buffer> {
  // The orientation must go through withMetadata: libvips writes the image's own
  // orientation field over any Orientation given to withExif.
  let image = gradient(width, height)
    .withExif({ IFD0: { Make: 'imagedock-test', Model: 'fixture' }, ...(gps ? { IFD3: GPS } : {}) })
    .withMetadata({ orientation });
  // withMetadata also attaches sRGB; attach: false is the way to write no profile at all.
  image = iccProfile ? image.withIccProfile('p3') : image.withIccProfile('srgb', { attach: false });
  return image.jpeg().toBuffer();
}

/** EXIF as sharp's metadata() returns it ("Exif\0\0" + TIFF): does IFD0 point to a GPS IFD? */
export function hasGpsIfd(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.subarray(exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0);
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const ifd0 = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  const entries = u16(ifd0);
  for (let n = 0; n < entries; n++) {
    if (u16(ifd0 + 2 + n * 12) === 0x8825) return true; // GPSInfo IFD pointer
  }
  return false;
}

/** CMYK JPEG, with a CMYK ICC profile unless told otherwise (both occur in the wild). */
export function makeCmykJpeg(width = 64, height = 48, { iccProfile = true } = {}): Promise<Buffer> {
  const image = gradient(width, height);
  return (iccProfile ? image.withIccProfile('cmyk') : image).toColourspace('cmyk').jpeg().toBuffer();
}

export function make16BitPng(width = 64, height = 48): Promise<Buffer> {
  return gradient(width, height).toColourspace('rgb16').png().toBuffer();
}

/** A GIF or WebP animation; `exif` adds an EXIF block for processImage to strip. */
export function makeAnimated(format: 'gif' | 'webp', { width, height, frames, exif = false }: {
  width: number; height: number; frames: number; exif?: boolean;
}): Promise<Buffer> {
  const image = gradient(width, height, 3, frames).toFormat(format, { loop: 0, delay: 100 });
  return (exif ? image.withExif({ IFD0: { Make: 'imagedock-test' } }) : image).toBuffer();
}

/** The first `fraction` of the bytes, as an upload cut short would leave them. */
export function makeTruncated(bytes: Buffer, fraction = 0.5): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

export const HEIC_SIZE = { width: 96, height: 64 };

/** The committed 96×64 HEIC (see the top of this file). */
export function makeHeic(): Promise<Buffer> {
  return readFile(new URL('./fixtures/sample-96x64.heic', import.meta.url));
}
