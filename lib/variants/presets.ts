// The variant presets (SPEC §4 "Image delivery"): a closed, typed table, so nobody can ask
// for an arbitrary size. A preset's version is a hash of everything that shapes its bytes
// (its settings, the encoders' settings, the pipeline version and, for cropped presets, the
// focal point): change any of them and the key changes, so an old variant is never served.
import { createHash } from 'node:crypto';

/** Bump when the render pipeline changes in a way the settings below do not show. */
const PIPELINE_VERSION = 1;

const VARIANT_FORMATS = ['avif', 'webp', 'jpeg', 'png'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

export interface WidthPreset {
  kind: 'width';
  width: number;
}
export interface CropPreset {
  kind: 'crop';
  width: number;
  height: number;
}
export type Preset = WidthPreset | CropPreset;

export const PRESETS = {
  sm: { kind: 'width', width: 640 },
  md: { kind: 'width', width: 1280 },
  lg: { kind: 'width', width: 2048 },
  og: { kind: 'crop', width: 1200, height: 630 },
} as const satisfies Record<string, Preset>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

// Encoder settings per format. AVIF effort 3 of 9: within ~2% of the default's size here at
// about a third of its time, which is what a render on first request can afford.
export const ENCODERS = {
  avif: { quality: 50, effort: 3 },
  webp: { quality: 76, effort: 4 },
  jpeg: { quality: 80, mozjpeg: true },
  png: { compressionLevel: 8, palette: false },
} as const satisfies Record<VariantFormat, object>;

export const CONTENT_TYPES: Record<VariantFormat, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

export interface FocalPoint {
  x: number;
  y: number;
}
export const CENTRE: FocalPoint = { x: 0.5, y: 0.5 };

/** The row's focal point, or the centre when none was set. */
export function focalOf(row: { focalX: number | null; focalY: number | null }): FocalPoint {
  return row.focalX === null || row.focalY === null ? CENTRE : { x: row.focalX, y: row.focalY };
}

const versions = new Map<string, string>();

/**
 * The version of `name` for an image with this focal point: 10 hex digits of SHA-256. Only
 * cropped presets depend on the focal point (to 3 decimals, finer than any pixel here).
 */
export function presetVersion(name: PresetName, focal: FocalPoint = CENTRE): string {
  const preset: Preset = PRESETS[name];
  const point = preset.kind === 'crop' ? [focal.x.toFixed(3), focal.y.toFixed(3)] : null;
  const memo = `${name}:${point}`;
  let version = versions.get(memo);
  if (!version) {
    const settings = JSON.stringify([PIPELINE_VERSION, name, preset, ENCODERS, point]);
    version = createHash('sha256').update(settings).digest('hex').slice(0, 10);
    if (versions.size > 10_000) versions.clear();
    versions.set(memo, version);
  }
  return version;
}

/** `variants/<imageId>/<preset>-<version>.<fmt>` (SPEC §3). */
export function variantKey(imageId: string, name: PresetName, version: string, format: VariantFormat) {
  return `variants/${imageId}/${name}-${version}.${format}`;
}

/** The width a width preset renders at for an original `width` wide: never wider than it. */
export function renderedWidth(preset: WidthPreset, originalWidth: number) {
  return Math.min(preset.width, originalWidth);
}
