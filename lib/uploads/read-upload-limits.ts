// The live upload limits for pages to hand to the gallery (client code must not read env).
import { env } from '@/lib/env';
import type { UploadLimits } from './limits';

export function readUploadLimits(): UploadLimits {
  const { UPLOAD_MAX_BYTES, MAX_IMAGES_PER_SET } = env();
  return { maxBytes: UPLOAD_MAX_BYTES, maxImages: MAX_IMAGES_PER_SET };
}
