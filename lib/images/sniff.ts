// What a file really is, from its magic bytes: the declared type and the filename are
// chosen by the client and prove nothing.
import { fileTypeFromBuffer } from 'file-type';

export const ALLOWED_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/heif'] as const;
export type ImageMimeType = (typeof ALLOWED_UPLOAD_TYPES)[number];

// file-type needs at most this many leading bytes to recognise every format it knows.
const SNIFF_BYTES = 4100;

type ImageExtension = 'jpg' | 'png' | 'gif' | 'webp' | 'heic';
const EXTENSIONS: Record<ImageMimeType, ImageExtension> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heic',
};

// An animated PNG is still a PNG to every decoder we use (sharp reads its first frame).
const ALIASES: Record<string, ImageMimeType> = { 'image/apng': 'image/png' };

function isImageMimeType(mime: string): mime is ImageMimeType {
  return (ALLOWED_UPLOAD_TYPES as readonly string[]).includes(mime);
}

export async function sniffImageType(head: Buffer): Promise<ImageMimeType | null> {
  const detected = await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES));
  if (!detected) return null;
  const mime = ALIASES[detected.mime] ?? detected.mime;
  return isImageMimeType(mime) ? mime : null;
}

// SVG is text (file-type says xml or nothing), so it needs its own check to earn a clear
// refusal: it can carry scripts and must never be served from our origin.
export function looksLikeSvg(head: Buffer): boolean {
  const text = head
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('<') && /<svg[\s>]/i.test(text);
}

// Callers check the type against ALLOWED_UPLOAD_TYPES first; anything else is a bug.
export function extensionFor(mime: string): ImageExtension {
  if (!isImageMimeType(mime)) throw new Error(`no extension for ${mime}`);
  return EXTENSIONS[mime];
}
