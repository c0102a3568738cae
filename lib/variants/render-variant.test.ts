// The render pipeline on real bytes: focal-point crops, orientation, first frames, limits, and
// no metadata in any format (read back with exiftool, not with sharp).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/http/errors';
import { renderVariant, type RenderLimits } from './render-variant';
import { CENTRE } from './presets';

const LIMITS: RenderLimits = { maxPixels: 50_000_000, maxFrames: 100, timeoutSeconds: 20 };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'variants-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Grey, with a red square subject at (x, y). */
function withSubject(width: number, height: number, x: number, y: number, size = 150) {
  return sharp({ create: { width, height, channels: 3, background: '#808080' } })
    .composite([{ input: { create: { width: size, height: size, channels: 3, background: '#ff0000' } }, left: x, top: y }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function redPixels(bytes: Buffer) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i] > 200 && data[i + 1] < 60 && data[i + 2] < 60) red++;
  return red;
}

describe('renderVariant', () => {
  it('keeps a subject in a corner inside the og crop when the focal point is on it', async () => {
    const wide = await withSubject(3000, 1000, 40, 820);
    const onSubject = await renderVariant(wide, { preset: 'og', target: 'jpeg', focal: { x: 0.04, y: 0.88 } }, LIMITS);
    expect([onSubject.width, onSubject.height]).toEqual([1200, 630]);
    expect(await redPixels(onSubject.bytes)).toBeGreaterThan(2000);
    const centred = await renderVariant(wide, { preset: 'og', target: 'jpeg', focal: CENTRE }, LIMITS);
    expect(await redPixels(centred.bytes)).toBe(0);

    const tall = await withSubject(1000, 2000, 800, 1820);
    const bottom = await renderVariant(tall, { preset: 'og', target: 'webp', focal: { x: 0.9, y: 0.95 } }, LIMITS);
    expect([bottom.width, bottom.height]).toEqual([1000, 525]); // the og shape inside a narrower original
    expect(await redPixels(bottom.bytes)).toBeGreaterThan(10_000);
    expect(await redPixels((await renderVariant(tall, { preset: 'og', target: 'webp', focal: CENTRE }, LIMITS)).bytes)).toBe(0);
  });

  it('never renders wider than the original and applies EXIF orientation', async () => {
    const small = await withSubject(500, 300, 0, 0, 10);
    expect((await renderVariant(small, { preset: 'lg', target: 'avif', focal: CENTRE }, LIMITS)).width).toBe(500);
    const rotated = await sharp(await withSubject(1600, 800, 0, 0, 10))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const out = await renderVariant(rotated, { preset: 'sm', target: 'jpeg', focal: CENTRE }, LIMITS);
    expect([out.width, out.height]).toEqual([640, 1280]);
  });

  it('takes the first frame of an animation, and refuses more frames than the cap', async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
        .raw()
        .toBuffer();
    const frames = Buffer.concat([await frame('#ff0000'), await frame('#0000ff')]);
    const animated = await sharp(frames, { raw: { width: 64, height: 128, channels: 3, pageHeight: 64 } as never })
      .gif()
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const out = await renderVariant(animated, { preset: 'sm', target: 'fallback', focal: CENTRE }, LIMITS);
    expect(out.height).toBe(64);
    expect(await redPixels(out.bytes)).toBe(64 * 64);
    await expect(renderVariant(animated, { preset: 'sm', target: 'webp', focal: CENTRE }, { ...LIMITS, maxFrames: 1 })).rejects.toMatchObject({
      code: 'unprocessable',
    });
  });

  it('refuses an original over the pixel cap', async () => {
    const err = await renderVariant(
      await withSubject(400, 400, 0, 0),
      { preset: 'sm', target: 'webp', focal: CENTRE },
      { ...LIMITS, maxPixels: 100_000 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('unprocessable');
  });

  it('writes no metadata in any format (EXIF, GPS, XMP, ICC, comments), and PNG only for alpha', async () => {
    const tagged = await sharp(await withSubject(900, 600, 10, 10))
      .withExif({ IFD0: { Copyright: 'SECRET-COPYRIGHT', Artist: 'SECRET-ARTIST', ImageDescription: 'SECRET-DESC' } })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SECRET-XMP</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>',
      )
      .keepIccProfile()
      .jpeg()
      .toBuffer();
    const transparent = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const outputs = [
      ...(await Promise.all(
        (['avif', 'webp', 'jpeg', 'fallback'] as const).map((target) => renderVariant(tagged, { preset: 'sm', target, focal: CENTRE }, LIMITS)),
      )),
      await renderVariant(transparent, { preset: 'sm', target: 'fallback', focal: CENTRE }, LIMITS),
    ];
    expect(outputs.map((o) => o.format)).toEqual(['avif', 'webp', 'jpeg', 'jpeg', 'png']);
    const files = outputs.map((out, i) => {
      const file = path.join(tmp, `out-${i}.${out.format}`);
      writeFileSync(file, out.bytes);
      return file;
    });
    const read = JSON.parse(execFileSync('exiftool', ['-j', '-G', '-a', ...files], { encoding: 'utf8' })) as Record<string, unknown>[];
    expect(read).toHaveLength(outputs.length);
    for (const [i, tags] of read.entries()) {
      const out = outputs[i];
      const text = JSON.stringify(tags);
      expect(text, out.format).not.toMatch(/SECRET/);
      const groups = Object.keys(tags).map((k) => k.split(':')[0]);
      for (const group of ['EXIF', 'XMP', 'GPS', 'IPTC', 'ICC_Profile']) expect(groups, `${out.format} ${group}`).not.toContain(group);
    }
  });
});
