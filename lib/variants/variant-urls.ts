// Signed variant URLs for an image row: pure computation (an HMAC per URL), so a page of 100
// images costs no query and no storage call. A published image's URLs never expire, so its
// variants are cacheable for a year; a private image's expire at an hour boundary one to two
// hours ahead, so the same URL (and the browser's cached copy) holds for an hour.
import { env } from '@/lib/env';
import { linkOrigin } from '@/lib/origin/request-origin';
import { PRESETS, focalOf, presetVersion, renderedWidth, type CropPreset, type Preset, type PresetName, type WidthPreset } from './presets';
import { urlKeys, variantQuery, type RequestFormat } from './variant-signature';
import { srcset } from './srcset';

export interface VariantSource {
  id: string;
  width: number | null;
  height: number | null;
  focalX: number | null;
  focalY: number | null;
}

export interface UrlOptions {
  /** Published: no expiry. */
  public: boolean;
  /** Milliseconds since the epoch (tests move it). */
  now?: number;
}

const HOUR = 3600;

function variantExpiry(options: UrlOptions): number | null {
  if (options.public) return null;
  return (Math.floor((options.now ?? Date.now()) / 1000 / HOUR) + 2) * HOUR;
}

/** What every URL of one page shares: looked up once per image, not once per URL. */
function urlContext(options: UrlOptions) {
  return {
    keys: urlKeys(env().IMAGE_URL_SECRET),
    // For the address this request used (relative where there is none: a page, a CLI).
    origin: linkOrigin() ?? '',
    expires: variantExpiry(options),
  };
}

function signedUrl(context: ReturnType<typeof urlContext>, image: VariantSource, preset: PresetName, format: RequestFormat) {
  const version = presetVersion(preset, focalOf(image));
  const query = variantQuery(context.keys, { imageId: image.id, preset, format, version, expires: context.expires });
  return `${context.origin}/api/i/${image.id}/${preset}?${query}`;
}

export function variantUrl(image: VariantSource, preset: PresetName, format: RequestFormat, options: UrlOptions): string {
  return signedUrl(urlContext(options), image, preset, format);
}

const WIDTH_PRESETS = (Object.entries(PRESETS) as [PresetName, Preset][]).filter((entry): entry is [PresetName, WidthPreset] => entry[1].kind === 'width');

/** Width presets up to the original's width (the widest capped at it), `f=auto`; null without a width. */
export function variantSrcset(image: VariantSource, options: UrlOptions): string | null {
  const { width } = image;
  if (!width) return null;
  const context = urlContext(options);
  return srcset(WIDTH_PRESETS.map(([name, preset]) => ({ url: signedUrl(context, image, name, 'auto'), width: renderedWidth(preset, width) })));
}

/** The size a cropped preset renders at: its own, or the largest box of its shape inside a smaller original. */
export function cropSize(preset: CropPreset, width: number, height: number) {
  const scale = Math.min(1, width / preset.width, height / preset.height);
  return { width: Math.max(1, Math.round(preset.width * scale)), height: Math.max(1, Math.round(preset.height * scale)) };
}

/** The Open Graph image: the `og` crop as a JPEG (what every link preview reads). */
export function ogImage(image: VariantSource) {
  if (!image.width || !image.height) return null;
  return { url: variantUrl(image, 'og', 'jpeg', { public: true }), ...cropSize(PRESETS.og, image.width, image.height) };
}
