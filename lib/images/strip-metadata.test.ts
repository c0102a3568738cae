// What is served keeps nothing but the colour profile, in every format, as exiftool (not
// sharp, which misses GIF XMP and JPEG/GIF comments) reads it. Fixtures are made here: sharp
// draws the pixels, exiftool writes GPS, XMP, IPTC, comments and PNG text into them.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processImage, type ProcessedImage } from './process-image';
import { ALLOWED_UPLOAD_TYPES } from './sniff';
import { stripMetadata, StripError } from './strip-metadata';
import { makeAnimated, makeHeic, makeImage, makeJpegWithExif } from '@/test/fixtures/images';
import { addPrivateMetadata, hasIccProfile, privateTags, readTags, SECRET } from './exiftool';

const options = { maxPixels: 50_000_000, allowed: ALLOWED_UPLOAD_TYPES };
type Passed = Extract<ProcessedImage, { ok: true }>;

const p3 = async () => (await sharp(await makeJpegWithExif({ width: 8, height: 8, orientation: 1, gps: false })).metadata()).icc!;

async function pass(bytes: Buffer): Promise<Passed> {
  const result = await processImage(bytes, options);
  if (!result.ok) throw new Error(`expected a pass, got "${result.reason}"`);
  return result;
}

async function expectClean(bytes: Buffer, { icc }: { icc: boolean }) {
  const tags = await readTags(bytes);
  expect(privateTags(tags)).toEqual([]);
  expect(bytes.includes(SECRET)).toBe(false);
  expect(hasIccProfile(tags)).toBe(icc);
}

const fixtures: [string, () => Promise<Buffer>, { frames?: number; icc: boolean }][] = [
  [
    'baseline JPEG',
    async () =>
      addPrivateMetadata(
        await sharp(await makeImage('jpeg', 120, 80))
          .withIccProfile('p3')
          .jpeg()
          .toBuffer(),
        'jpg',
      ),
    { icc: true },
  ],
  [
    'progressive JPEG',
    async () =>
      addPrivateMetadata(
        await sharp(await makeImage('jpeg', 120, 80))
          .withIccProfile('p3')
          .jpeg({ progressive: true })
          .toBuffer(),
        'jpg',
      ),
    { icc: true },
  ],
  [
    'PNG',
    async () =>
      addPrivateMetadata(
        await sharp(await makeImage('png', 120, 80))
          .withIccProfile('p3')
          .png()
          .toBuffer(),
        'png',
      ),
    { icc: true },
  ],
  ['GIF', async () => addPrivateMetadata(await makeImage('gif', 120, 80), 'gif', await p3()), { icc: true }],
  [
    'animated GIF',
    async () => addPrivateMetadata(await makeAnimated('gif', { width: 120, height: 80, frames: 3 }), 'gif', await p3()),
    { frames: 3, icc: true },
  ],
  [
    'WebP',
    async () =>
      addPrivateMetadata(
        await sharp(await makeImage('png', 120, 80))
          .withIccProfile('p3')
          .webp()
          .toBuffer(),
        'webp',
      ),
    { icc: true },
  ],
  [
    'animated WebP',
    async () => addPrivateMetadata(await makeAnimated('webp', { width: 120, height: 80, frames: 3 }), 'webp', await p3()),
    { frames: 3, icc: true },
  ],
];

describe('served bytes keep no metadata but the colour profile (exiftool)', () => {
  it.each(fixtures)('%s: GPS, XMP, IPTC, comments and text are gone, the ICC profile and frames stay', async (_name, make, expected) => {
    const fixture = await make();
    // The fixture really carries what the test claims to remove.
    const before = await readTags(fixture);
    expect(privateTags(before).length).toBeGreaterThan(2);
    expect(privateTags(before).some((t) => /GPS/.test(t))).toBe(true);
    expect(hasIccProfile(before)).toBe(expected.icc);

    const result = await pass(fixture);
    expect(result).toMatchObject({ width: 120, height: 80 });
    await expectClean(result.served, { icc: expected.icc });
    await expectClean(result.thumbnail, { icc: false });
    const served = await sharp(result.served, { animated: true }).metadata();
    expect([served.width, served.pages ?? 1]).toEqual([120, expected.frames ?? 1]);
    // Nothing but the metadata went: the pixels decode as before.
    const [a, b] = await Promise.all([fixture, result.served].map((x) => sharp(x).raw().toBuffer()));
    expect(a.equals(b)).toBe(true);
  });

  it('an orientation-6 JPEG is served upright, re-encoded, with only its profile', async () => {
    const fixture = await addPrivateMetadata(await makeJpegWithExif({ width: 120, height: 80, orientation: 6, gps: true }), 'jpg');
    expect((await readTags(fixture))['IFD0:Orientation']).toBe('Rotate 90 CW');
    const result = await pass(fixture);
    expect(result).toMatchObject({ width: 80, height: 120 });
    await expectClean(result.served, { icc: true });
    expect((await readTags(result.served))['IFD0:Orientation']).toBeUndefined();
    expect(await sharp(result.served).metadata()).toMatchObject({ width: 80, height: 120 });
  });

  it('a HEIC with GPS and XMP becomes a JPEG with none of it', async () => {
    const fixture = await addPrivateMetadata(await makeHeic(), 'heic');
    expect(privateTags(await readTags(fixture)).some((t) => /GPS/.test(t))).toBe(true);
    const result = await pass(fixture);
    expect(result.mimeType).toBe('image/jpeg');
    await expectClean(result.served, { icc: false });
    await expectClean(result.thumbnail, { icc: false });
  });

  it('drops what comes after the image (an MPF second picture, appended data)', async () => {
    const jpeg = await makeImage('jpeg', 40, 30);
    const trailer = Buffer.from(`${SECRET} appended`);
    expect(stripMetadata(Buffer.concat([jpeg, trailer]), 'image/jpeg').equals(jpeg)).toBe(true);
    const png = await makeImage('png', 40, 30);
    expect(stripMetadata(Buffer.concat([png, trailer]), 'image/png').equals(png)).toBe(true);
  });

  it('refuses to guess at containers it cannot walk (the caller re-encodes)', async () => {
    const jpeg = await makeImage('jpeg', 40, 30);
    expect(() => stripMetadata(jpeg.subarray(0, 100), 'image/jpeg')).toThrow(StripError);
    expect(() => stripMetadata(Buffer.from('GIF89a'), 'image/gif')).toThrow(StripError);
    expect(() => stripMetadata(Buffer.from('RIFF\xff\xff\x00\x00WEBP', 'latin1'), 'image/webp')).toThrow(StripError);
  });
});
