// sharp's prebuilt libvips reads HEIF headers but has no HEVC decoder, so HEIC pixels come
// from libheif compiled to WASM. A 12 MP photo peaks around 330 MB while decoding, so
// decodes run one at a time in this process rather than as many as requests arrive.
import { Mutex } from 'async-mutex';
import { processWide } from '@/lib/process-wide';
import { tooLarge } from './image-limits';

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export type HeicResult<T> = { ok: true; value: T } | { ok: false; reason: string };

// One lock for the process, whichever route bundle decodes (each has its own copy of this
// module). A decode that fails releases it like one that succeeds.
const decoding = () => processWide('heicDecodeLock', () => new Mutex());

/**
 * Decodes `bytes` and hands the pixels to `use` inside the queue, so the RGBA buffer is
 * released before the next decode starts. The caller has checked the header's size; the
 * decoded size is checked again because the header may lie. Rejects if decoding fails.
 */
export function decodeHeic<T>(bytes: Buffer, maxPixels: number, use: (image: RgbaImage) => Promise<T>): Promise<HeicResult<T>> {
  return decoding().runExclusive(async () => {
    // Loaded on first use: the WASM bundle is large and most uploads are not HEIC.
    const { default: decode } = await import('heic-decode');
    const image = await decode({ buffer: bytes });
    if (image.width * image.height > maxPixels) return { ok: false, reason: tooLarge(maxPixels, false) };
    return { ok: true, value: await use(image) };
  });
}
