// A variant is rendered once however many ask at once: requests in one process share one
// promise; across instances, the renderer holds a database lock named by the variant (a
// PostgreSQL advisory lock; on PGlite one process owns the database) and the others wait for
// the stored object. The lock is taken inside a queue slot, so a process holds at most
// VARIANT_RENDER_CONCURRENCY reserved connections; a waiter gives its slot back while it waits.
import { createHash } from 'node:crypto';
import type { DatabaseHandle } from '@/lib/db/client';
import type { StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { CONTENT_TYPES, variantKey, type FocalPoint, type PresetName, type VariantFormat } from './presets';
import { renderVariant, type RenderedVariant } from './render-variant';
import { inRenderQueue } from './render-queue';
import type { TargetFormat } from './negotiate-format';

export interface VariantSpec {
  imageId: string;
  originalKey: string;
  mimeType: string;
  preset: PresetName;
  version: string;
  target: TargetFormat;
  focal: FocalPoint;
}

/** The formats a target may be stored as: the fallback is PNG for alpha, else JPEG. */
export function storedFormats(spec: Pick<VariantSpec, 'target' | 'mimeType'>): VariantFormat[] {
  if (spec.target !== 'fallback') return [spec.target];
  return spec.mimeType === 'image/jpeg' ? ['jpeg'] : ['png', 'jpeg'];
}

// Keys known to be stored. Variant keys are immutable (the version is in the key), so a key
// seen once stays valid until its image is deleted, which the row lookup before this catches.
const known = new Map<string, VariantFormat>();
const KNOWN_MAX = 50_000;

export type Found = { key: string; format: VariantFormat; rendered?: RenderedVariant };

/** The stored variant for `spec`, or null. */
export async function findStored(storage: StorageDriver, spec: VariantSpec): Promise<Found | null> {
  const base = `${spec.imageId}/${spec.preset}-${spec.version}/${spec.target}`;
  const cached = known.get(base);
  if (cached) return { key: variantKey(spec.imageId, spec.preset, spec.version, cached), format: cached };
  for (const format of storedFormats(spec)) {
    const key = variantKey(spec.imageId, spec.preset, spec.version, format);
    if (await storage.head(key)) {
      remember(base, format);
      return { key, format };
    }
  }
  return null;
}

function remember(base: string, format: VariantFormat) {
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(base, format);
}

/** Forgets every known key of an image (its variants were deleted). */
export function forgetVariants(imageId: string) {
  for (const base of known.keys()) if (base.startsWith(`${imageId}/`)) known.delete(base);
}

const inFlight = new Map<string, Promise<Found>>();

/** The stored variant, rendering and storing it first if nobody has. */
export function ensureVariant(handle: DatabaseHandle, storage: StorageDriver, spec: VariantSpec): Promise<Found> {
  const base = `${spec.imageId}/${spec.preset}-${spec.version}/${spec.target}`;
  let pending = inFlight.get(base);
  if (!pending) {
    pending = renderOnce(handle, storage, spec, base).finally(() => inFlight.delete(base));
    inFlight.set(base, pending);
  }
  return pending;
}

const POLL_MS = 100;

async function renderOnce(handle: DatabaseHandle, storage: StorageDriver, spec: VariantSpec, base: string): Promise<Found> {
  const deadline = Date.now() + (env().VARIANT_RENDER_TIMEOUT_SECONDS + 10) * 1000;
  const lock = lockKeyOf(base);
  while (Date.now() < deadline) {
    const stored = await findStored(storage, spec);
    if (stored) return stored;
    const outcome = await inRenderQueue(() => handle.withExclusiveLock(lock, async () => {
      // Whoever held the lock before may have stored it meanwhile.
      const again = await findStored(storage, spec);
      if (again) return again;
      return renderAndStore(storage, spec, base);
    }));
    if (outcome.acquired) return outcome.value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new AppError('unavailable', 'The image is still being prepared; try again shortly', undefined, { 'Retry-After': '2' });
}

async function renderAndStore(storage: StorageDriver, spec: VariantSpec, base: string): Promise<Found> {
  const started = performance.now();
  const original = await storage.read(spec.originalKey);
  const e = env();
  const rendered = await renderVariant(original, spec, { maxPixels: e.MAX_IMAGE_PIXELS, maxFrames: e.VARIANT_MAX_FRAMES, timeoutSeconds: e.VARIANT_RENDER_TIMEOUT_SECONDS });
  const key = variantKey(spec.imageId, spec.preset, spec.version, rendered.format);
  await storage.put({ key, body: rendered.bytes, contentType: CONTENT_TYPES[rendered.format] });
  remember(base, rendered.format);
  metrics().variantRenders.inc({ preset: spec.preset, format: rendered.format });
  log.info({ key, bytes: rendered.bytes.length, ms: Math.round(performance.now() - started) }, 'variant rendered');
  return { key, format: rendered.format, rendered };
}

// 48 bits of the variant's name: a lock of its own, far from the small constants other locks use.
function lockKeyOf(base: string) {
  const n = createHash('sha256').update(`variant:${base}`).digest().readUIntBE(0, 6);
  return n < 1_000_000 ? n + 1_000_000 : n;
}
