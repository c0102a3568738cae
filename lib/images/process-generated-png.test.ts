import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { thumbHashToRGBA } from 'thumbhash';
import { processGeneratedPng } from './process-generated-png';
import { makeHeic, makeImage, makePng, makePngBomb, makeTruncated } from '@/test/fixtures/images';

const options = { maxPixels: 50_000_000 };

describe('processGeneratedPng', () => {
  it('measures a valid PNG and makes its thumbnail and placeholder, without re-encoding it', async () => {
    const png = makePng(1000, 500, { alpha: true });
    const result = await processGeneratedPng(png, options);
    if (!result.ok) throw new Error(`expected a pass, got "${result.reason}"`);
    expect(result).toMatchObject({ width: 1000, height: 500 });
    expect(result).not.toHaveProperty('served');
    expect(await sharp(result.thumbnail).metadata()).toMatchObject({ format: 'webp', width: 400, height: 200, hasAlpha: true });
    const decoded = thumbHashToRGBA(Buffer.from(result.placeholder, 'base64'));
    expect(decoded.w / decoded.h).toBeCloseTo(2, 0);
  });

  it.each(['gif', 'jpeg', 'webp'] as const)('refuses a %s sent as a PNG as unsupported', async (format) => {
    const result = await processGeneratedPng(await makeImage(format, 64, 64), options);
    expect(result).toEqual({ ok: false, code: 'unsupported_media_type', reason: 'image is not a PNG' });
  });

  it('refuses HEIC and text as unsupported', async () => {
    for (const bytes of [await makeHeic(), Buffer.from('not an image at all')]) {
      expect(await processGeneratedPng(bytes, options)).toMatchObject({ ok: false, code: 'unsupported_media_type' });
    }
  });

  it('refuses a PNG bomb as a bad request, from its header', async () => {
    const result = await processGeneratedPng(makePngBomb(20_000, 20_000), options);
    expect(result).toEqual({ ok: false, code: 'bad_request', reason: 'image is larger than 50 megapixels' });
  });

  it('refuses a truncated PNG as a bad request, without throwing', async () => {
    const result = await processGeneratedPng(makeTruncated(makePng(600, 400)), options);
    expect(result).toEqual({ ok: false, code: 'bad_request', reason: 'file is truncated or corrupt' });
  });
});
