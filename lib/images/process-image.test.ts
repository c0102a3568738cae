import { describe, expect, it } from 'vitest';
import sharp, { type Metadata } from 'sharp';
import { thumbHashToRGBA } from 'thumbhash';
import { processImage, type ProcessedImage } from './process-image';
import { ALLOWED_UPLOAD_TYPES } from './sniff';
import {
  hasGpsIfd,
  HEIC_SIZE,
  makeHeic,
  make16BitPng,
  makeAnimated,
  makeCmykJpeg,
  makeImage,
  makeJpegWithExif,
  makePng,
  makePngBomb,
  makeTruncated,
} from '@/test/fixtures/images';

const options = { maxPixels: 50_000_000, allowed: ALLOWED_UPLOAD_TYPES };
type Passed = Extract<ProcessedImage, { ok: true }>;

// toMatchObject({ exif: undefined }) would demand the key exist; absence is what we prove.
function expectNoPrivateMetadata(meta: Metadata) {
  expect([meta.exif, meta.xmp, meta.iptc, meta.comments]).toEqual([undefined, undefined, undefined, undefined]);
  expect(meta.orientation ?? 1).toBe(1);
}

async function expectPass(bytes: Buffer, opts: Parameters<typeof processImage>[1] = options): Promise<Passed> {
  const result = await processImage(bytes, opts);
  if (!result.ok) throw new Error(`expected a pass, got "${result.reason}"`);
  return result;
}

describe('processImage: what passes', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
  ] as const)('%s passes with its own type and size, served as uploaded', async (format, mimeType) => {
    const bytes = await makeImage(format, 120, 80);
    const result = await expectPass(bytes);
    expect(result).toMatchObject({ mimeType, width: 120, height: 80 });
    // sharp writes no metadata blocks, so stripping leaves the image data as it was.
    expect(result.served.equals(bytes)).toBe(true);
  });

  it('serves a clean PNG byte for byte, or re-encoded when asked to', async () => {
    const png = makePng(300, 200, { alpha: true });
    expect((await expectPass(png)).served.equals(png)).toBe(true);
    const forced = await expectPass(png, { ...options, reencode: true });
    expect(forced.served.equals(png)).toBe(false);
    expect(await sharp(forced.served!).metadata()).toMatchObject({ format: 'png', width: 300, height: 200, hasAlpha: true });
  });

  it('accepts CMYK JPEGs, with and without a profile, and thumbnails them in sRGB', async () => {
    for (const iccProfile of [true, false]) {
      const result = await expectPass(await makeCmykJpeg(500, 300, { iccProfile }));
      expect(result).toMatchObject({ mimeType: 'image/jpeg', width: 500, height: 300 });
      expect(await sharp(result.thumbnail).metadata()).toMatchObject({ format: 'webp', space: 'srgb', channels: 3 });
    }
  });

  it('accepts a 16-bit PNG and thumbnails it in 8 bits', async () => {
    const result = await expectPass(await make16BitPng(640, 480));
    expect(result).toMatchObject({ width: 640, height: 480 });
    expect(await sharp(result.served).metadata()).toMatchObject({ format: 'png', depth: 'ushort' });
    expect(await sharp(result.thumbnail).metadata()).toMatchObject({ format: 'webp', depth: 'uchar', width: 400, height: 300 });
  });

  it('keeps 16 bits when a 16-bit PNG must be re-encoded', async () => {
    const png = await sharp(await make16BitPng(64, 48))
      .withExif({ IFD0: { Make: 'x' } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    const result = await expectPass(png);
    const served = await sharp(result.served!).metadata();
    expect(served).toMatchObject({ format: 'png', depth: 'ushort' });
    expectNoPrivateMetadata(served);
  });

  it('converts HEIC to JPEG with the right size', async () => {
    const result = await expectPass(await makeHeic());
    expect(result).toMatchObject({ mimeType: 'image/jpeg', ...HEIC_SIZE });
    expect(await sharp(result.served!).metadata()).toMatchObject({ format: 'jpeg', ...HEIC_SIZE });
    expect(await sharp(result.thumbnail).metadata()).toMatchObject({ format: 'webp', ...HEIC_SIZE });
  });

  it('decodes HEICs one after another, and a bad one does not block the queue', async () => {
    const bytes = await makeHeic();
    const results = await Promise.all([makeTruncated(bytes, 0.6), bytes, bytes, bytes].map((b) => processImage(b, options)));
    expect(results.map((r) => r.ok)).toEqual([false, true, true, true]);
  });
});

describe('processImage: metadata and orientation', () => {
  it('turns an orientation-6 photo upright and serves it without EXIF/GPS but with its ICC profile', async () => {
    const jpeg = await makeJpegWithExif({ width: 60, height: 40, orientation: 6, gps: true });
    // The fixture really carries what the test claims to remove.
    const input = await sharp(jpeg).metadata();
    expect(input).toMatchObject({ orientation: 6, hasProfile: true });
    expect(hasGpsIfd(input.exif)).toBe(true);

    const result = await expectPass(jpeg);
    expect(result).toMatchObject({ mimeType: 'image/jpeg', width: 40, height: 60 });
    for (const output of [result.served!, result.thumbnail]) {
      const meta = await sharp(output).metadata();
      expect(meta).toMatchObject({ width: 40, height: 60 });
      expectNoPrivateMetadata(meta);
      expect(output.includes('imagedock-test')).toBe(false);
    }
    const served = await sharp(result.served!).metadata();
    expect(served.format).toBe('jpeg');
    expect(served.icc?.equals(input.icc!)).toBe(true);
  });

  it('strips a JPEG with EXIF but no orientation or profile, keeping its size', async () => {
    const jpeg = await makeJpegWithExif({ width: 90, height: 50, orientation: 1, gps: true, iccProfile: false });
    const result = await expectPass(jpeg);
    expect(result).toMatchObject({ width: 90, height: 50 });
    const served = await sharp(result.served!).metadata();
    expectNoPrivateMetadata(served);
    expect(served.hasProfile).toBe(false);
  });

  it('strips an animated WebP with EXIF and keeps every frame', async () => {
    const webp = await makeAnimated('webp', { width: 40, height: 30, frames: 3, exif: true });
    const result = await expectPass(webp);
    expect(result).toMatchObject({ mimeType: 'image/webp', width: 40, height: 30 });
    const served = await sharp(result.served!).metadata();
    expect(served).toMatchObject({ format: 'webp', pages: 3 });
    expectNoPrivateMetadata(served);
  });

  it('serves a clean animated GIF as uploaded', async () => {
    const gif = await makeAnimated('gif', { width: 40, height: 30, frames: 3 });
    const result = await expectPass(gif);
    expect(result).toMatchObject({ mimeType: 'image/gif', width: 40, height: 30 });
    expect(result.served.equals(gif)).toBe(true);
  });
});

describe('processImage: thumbnail and placeholder', () => {
  it('makes a 400-px-wide WebP from a large image, and never enlarges a small one', async () => {
    const large = await expectPass(await makeImage('jpeg', 1200, 800));
    expect(await sharp(large.thumbnail).metadata()).toMatchObject({ format: 'webp', width: 400, height: 267 });
    const small = await expectPass(await makeImage('png', 120, 80));
    expect(await sharp(small.thumbnail).metadata()).toMatchObject({ format: 'webp', width: 120, height: 80 });
  });

  it("makes a ThumbHash placeholder that decodes to the image's shape", async () => {
    const result = await expectPass(await makeImage('jpeg', 1000, 500));
    const decoded = thumbHashToRGBA(Buffer.from(result.placeholder, 'base64'));
    expect(decoded.w / decoded.h).toBeCloseTo(2, 0);
    expect(decoded.rgba.length).toBe(decoded.w * decoded.h * 4);
  });
});

describe('processImage: what is refused', () => {
  it('refuses text declared as an image, and SVG', async () => {
    expect(await processImage(Buffer.from('just some text, not a PNG'), options)).toEqual({ ok: false, reason: 'not a supported image' });
    for (const svg of [
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ]) {
      expect(await processImage(Buffer.from(svg), options)).toEqual({ ok: false, reason: 'SVG is not allowed' });
    }
  });

  it('refuses a real image whose type is not in the allowed list', async () => {
    const gif = await makeImage('gif', 10, 10);
    expect(await processImage(gif, { ...options, allowed: ['image/jpeg'] })).toEqual({ ok: false, reason: 'GIF is not allowed' });
  });

  it('refuses a 20,000×20,000 PNG bomb from its header, without decoding it', async () => {
    const bomb = makePngBomb(20_000, 20_000);
    const before = process.memoryUsage().rss;
    const result = await processImage(bomb, options);
    expect(result).toEqual({ ok: false, reason: 'image is larger than 50 megapixels' });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses an animation with more frames than allowed, with the counts in the reason', async () => {
    const webp = await makeAnimated('webp', { width: 8, height: 8, frames: 12 });
    expect(await processImage(webp, { ...options, maxFrames: 10 })).toEqual({ ok: false, reason: 'animation has 12 frames; at most 10 are allowed' });
    expect(await processImage(webp, { ...options, maxFrames: 12 })).toMatchObject({ ok: true });
  });

  it('counts every frame of an animation against the limit', async () => {
    const gif = await makeAnimated('gif', { width: 100, height: 100, frames: 4 });
    expect(await processImage(gif, { ...options, maxPixels: 30_000 })).toEqual({
      ok: false,
      reason: 'animation is larger than 0.03 megapixels across its frames',
    });
  });

  it.each(['jpeg', 'png', 'webp', 'gif'] as const)('refuses a truncated %s without throwing', async (format) => {
    const truncated = makeTruncated(await makeImage(format, 400, 300));
    expect(await processImage(truncated, options)).toEqual({ ok: false, reason: 'file is truncated or corrupt' });
  });

  it('refuses a file with a PNG signature and garbage after it', async () => {
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
    expect(await processImage(fake, options)).toMatchObject({ ok: false });
  });
});
