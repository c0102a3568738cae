// Renders one variant with sharp: the first frame only, EXIF orientation applied, converted
// to sRGB, no metadata written (sharp writes none unless told), never wider than the
// original; cropped presets are cut around the focal point. Bounded by the pixel cap, a
// frame cap and a time limit.
import sharp, { type Metadata } from 'sharp';
import { AppError } from '@/lib/http/errors';
import { ENCODERS, PRESETS, type FocalPoint, type PresetName, type VariantFormat } from './presets';
import { cropSize } from './variant-urls';
import type { TargetFormat } from './negotiate-format';

export interface RenderLimits {
  maxPixels: number;
  maxFrames: number;
  timeoutSeconds: number;
}

export interface RenderedVariant {
  bytes: Buffer;
  format: VariantFormat;
  width: number;
  height: number;
}

export async function renderVariant(
  original: Buffer,
  spec: { preset: PresetName; target: TargetFormat; focal: FocalPoint },
  limits: RenderLimits,
): Promise<RenderedVariant> {
  const image = sharp(original, { limitInputPixels: limits.maxPixels, pages: 1, failOn: 'error' });
  let metadata: Metadata;
  try {
    metadata = await image.metadata();
  } catch (err) {
    throw new AppError('unprocessable', `The original cannot be decoded: ${(err as Error).message}`);
  }
  if ((metadata.pages ?? 1) > limits.maxFrames) throw new AppError('unprocessable', `The original has more than ${limits.maxFrames} frames`);
  const { width, height } = metadata.autoOrient;
  if (width * height > limits.maxPixels) throw new AppError('unprocessable', 'The original is over the pixel limit');
  const format: VariantFormat = spec.target === 'fallback' ? (metadata.hasAlpha ? 'png' : 'jpeg') : spec.target;

  let pipeline = image.autoOrient().timeout({ seconds: limits.timeoutSeconds });
  const preset = PRESETS[spec.preset];
  if (preset.kind === 'width') {
    pipeline = pipeline.resize({ width: Math.min(preset.width, width) });
  } else {
    const box = cropSize(preset, width, height);
    // Scale so the box just fits, then cut it where the focal point is as central as the edges allow.
    const scale = Math.max(box.width / width, box.height / height);
    const scaled = { width: Math.max(box.width, Math.round(width * scale)), height: Math.max(box.height, Math.round(height * scale)) };
    const left = clamp(Math.round(spec.focal.x * scaled.width - box.width / 2), 0, scaled.width - box.width);
    const top = clamp(Math.round(spec.focal.y * scaled.height - box.height / 2), 0, scaled.height - box.height);
    pipeline = pipeline.resize(scaled.width, scaled.height, { fit: 'fill' }).extract({ left, top, ...box });
  }
  if (format === 'jpeg' && metadata.hasAlpha) pipeline = pipeline.flatten({ background: '#ffffff' });
  pipeline = pipeline.toColourspace('srgb');
  pipeline =
    format === 'avif'
      ? pipeline.avif(ENCODERS.avif)
      : format === 'webp'
        ? pipeline.webp(ENCODERS.webp)
        : format === 'png'
          ? pipeline.png(ENCODERS.png)
          : pipeline.jpeg(ENCODERS.jpeg);
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { bytes: data, format, width: info.width, height: info.height };
  } catch (err) {
    if (/timeout/i.test((err as Error).message)) throw new AppError('unavailable', 'Rendering took too long, try again shortly');
    throw new AppError('unprocessable', `The variant cannot be rendered: ${(err as Error).message}`);
  }
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
