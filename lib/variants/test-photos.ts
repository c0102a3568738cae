// Photo-like JPEGs for tests and benches: smooth colour fields (sky, walls) with sensor grain
// and a few hard-edged shapes, saved as a phone saves them (quality ~90, 4:2:0). A 12 MP one
// is ~2–4 MB, like a real phone photo; flat synthetic images would make every codec look fast.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

// With a `subject` (a pure red square), the scene is grey grain only, so the subject is the
// one red thing in it and a test can find it in a crop.
export async function makePhoto(width: number, height: number, options: { grain?: number; subject?: { x: number; y: number; size: number } } = {}) {
  const s = options.subject;
  const fields = s
    ? Buffer.alloc(width * height * 3, 128)
    : await sharp(randomBytes(24 * 18 * 3), { raw: { width: 24, height: 18, channels: 3 } })
        .resize(width, height, { kernel: 'cubic', fit: 'fill' })
        .raw()
        .toBuffer();
  const grain = options.grain ?? 28;
  const noise = randomBytes(fields.length);
  for (let i = 0; i < fields.length; i++) fields[i] = Math.min(255, Math.max(0, fields[i] + (noise[i] % grain) - (grain >> 1)));
  const shapes = [];
  for (let i = 0; i < (s ? 0 : 6); i++) {
    const size = Math.round(Math.min(width, height) * (0.05 + (noise[i] / 255) * 0.1));
    shapes.push({
      input: { create: { width: size, height: size, channels: 3 as const, background: { r: noise[i + 10], g: noise[i + 20], b: noise[i + 30] } } },
      left: Math.round((noise[i + 40] / 255) * (width - size)),
      top: Math.round((noise[i + 50] / 255) * (height - size)),
    });
  }
  if (s) shapes.push({ input: { create: { width: s.size, height: s.size, channels: 3 as const, background: '#ff0000' } }, left: s.x, top: s.y });
  return sharp(fields, { raw: { width, height, channels: 3 } })
    .composite(shapes)
    .jpeg({ quality: 90, chromaSubsampling: '4:2:0' })
    .toBuffer();
}
