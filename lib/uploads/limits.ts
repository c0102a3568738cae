// What the browser checks before any upload. UX only: the server re-checks every file
// (lib/uploads/prepare-uploads.ts). Plain constants, no env import, so client components
// can use it. The byte and count limits are configurable on the server (lib/env.ts), so
// pages pass the live values down as an UploadLimits prop.

/** Accepted types and their usual extensions (for the picker and for files without a type). */
export const UPLOAD_TYPES = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic'],
  'image/heif': ['.heif'],
} as const;

export type UploadType = keyof typeof UPLOAD_TYPES;

export const UPLOAD_TYPE_NAMES = 'JPEG, PNG, GIF, WebP or HEIC';

export const CAPTION_MAX_LENGTH = 500;

/** Uploads sent at the same time from one page. */
export const PARALLEL_UPLOADS = 3;

export interface UploadLimits {
  /** Bytes per image. */
  maxBytes: number;
  /** Images per listing or upload session. */
  maxImages: number;
}
