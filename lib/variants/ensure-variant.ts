// A variant is rendered once however many ask at once: requests in one process share one
// promise; across instances, the renderer holds a database lock named by the variant (a
// PostgreSQL advisory lock; on PGlite one process owns the database) and the others wait for
// the stored object. The lock is taken inside a queue slot, so a process holds at most
// VARIANT_RENDER_CONCURRENCY reserved connections; a waiter gives its slot back while it waits.
import { createHash } from 'node:crypto';
import type { DatabaseHandle } from '@/lib/db/client';
import { StorageError, type StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/metrics';
import { CONTENT_TYPES, variantKey, type FocalPoint, type PresetName, type VariantFormat } from './presets';
import { renderVariant, type RenderedVariant } from './render-variant';
import { inRenderQueue } from './render-queue';
import type { TargetFormat } from './negotiate-format';
import { processWide } from '@/lib/process-wide';

export interface VariantSpec {
  imageId: string;
  originalKey: string;
  mimeType: string;
  preset: PresetName;
  version: string;
  target: TargetFormat;
  focal: FocalPoint;
}

/** The formats a target may be stored as: the fallback is PNG for alpha, else JPEG (mime type unknown: either). */
export function storedFormats(spec: Pick<VariantSpec, 'target'> & { mimeType: string | null }): VariantFormat[] {
  if (spec.target !== 'fallback') return [spec.target];
  return spec.mimeType === 'image/jpeg' ? ['jpeg'] : ['png', 'jpeg'];
}

// Keys known to be stored. Variant keys are immutable (the version is in the key), so a key
// seen once stays valid until its image is deleted, which forgets it here. Process-wide:
// Next evaluates this module once per route entry, and DELETE's must clear the variant route's.
const known = processWide('knownVariants', () => new Map<string, VariantFormat>());
const KNOWN_MAX = 50_000;

export type Found = { key: string; format: VariantFormat; rendered?: RenderedVariant };

/** The stored variant for `spec`, or null. */
export async function findStored(
  storage: StorageDriver,
  spec: Pick<VariantSpec, 'imageId' | 'preset' | 'version' | 'target'> & { mimeType: string | null },
): Promise<Found | null> {
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

// One render per variant in this process: `answer` settles as soon as the bytes exist (the
// asker gets them without waiting for the store), `stored` once they are stored.
const inFlight = new Map<string, { answer: Promise<Found>; stored: Promise<Found> }>();

function start(handle: DatabaseHandle, storage: StorageDriver, spec: VariantSpec) {
  const base = `${spec.imageId}/${spec.preset}-${spec.version}/${spec.target}`;
  let entry = inFlight.get(base);
  if (!entry) {
    let early!: (found: Found) => void;
    const answer = new Promise<Found>((resolve) => (early = resolve));
    const stored = renderOnce(handle, storage, spec, base, early);
    entry = { answer: Promise.race([answer, stored]), stored };
    inFlight.set(base, entry);
    // inc/dec, not set(size): each route bundle has its own inFlight, the gauge is process-wide.
    metrics().variantRendersInProgress.inc();
    stored
      .then(early, (err) => {
        // The asker has its answer (or this error); a failed store is rendered again next time.
        if (!(err instanceof AppError)) log.warn({ err, key: base }, 'variant not stored');
      })
      .finally(() => {
        inFlight.delete(base);
        metrics().variantRendersInProgress.dec();
      });
  }
  return entry;
}

/** The variant, rendering it first if nobody has stored it; answers before the store finishes. */
export function ensureVariant(handle: DatabaseHandle, storage: StorageDriver, spec: VariantSpec): Promise<Found> {
  return start(handle, storage, spec).answer;
}

/** As ensureVariant, settling only once the variant is stored (regenerate). */
export function ensureVariantStored(handle: DatabaseHandle, storage: StorageDriver, spec: VariantSpec): Promise<Found> {
  return start(handle, storage, spec).stored;
}

const POLL_MS = 100;

async function renderOnce(handle: DatabaseHandle, storage: StorageDriver, spec: VariantSpec, base: string, onRendered: (found: Found) => void): Promise<Found> {
  const deadline = Date.now() + (env().VARIANT_RENDER_TIMEOUT_SECONDS + 10) * 1000;
  const lock = lockKeyOf(base);
  // The caller has just looked for it: the first look is the one under the lock.
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    if (attempt > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const stored = await findStored(storage, spec);
      if (stored) return stored;
    }
    const outcome = await inRenderQueue(() =>
      handle.withExclusiveLock(lock, async () => {
        // Whoever held the lock before may have stored it meanwhile; the original is read
        // meanwhile (the usual case is a render), and dropped if it was.
        const reading = readOriginal(storage, spec);
        reading.catch(() => {});
        const again = await findStored(storage, spec);
        if (again) return again;
        return renderAndStore(storage, spec, base, await reading, onRendered);
      }),
    );
    if (outcome.acquired) return outcome.value;
  }
  throw new AppError('unavailable', 'The image is still being prepared; try again shortly', { retryAfterSeconds: 2 });
}

function readOriginal(storage: StorageDriver, spec: VariantSpec) {
  return storage.read(spec.originalKey).catch((err) => {
    if (err instanceof StorageError && err.code === 'not_found') throw new AppError('not_found', 'Image not found');
    throw err;
  });
}

async function renderAndStore(storage: StorageDriver, spec: VariantSpec, base: string, original: Buffer, onRendered: (found: Found) => void): Promise<Found> {
  const started = performance.now();
  const e = env();
  const rendered = await renderVariant(original, spec, {
    maxPixels: e.MAX_IMAGE_PIXELS,
    maxFrames: e.VARIANT_MAX_FRAMES,
    timeoutSeconds: e.VARIANT_RENDER_TIMEOUT_SECONDS,
  });
  const key = variantKey(spec.imageId, spec.preset, spec.version, rendered.format);
  const found = { key, format: rendered.format, rendered };
  // The lock is held until the put is done, so other instances wait for the stored object.
  onRendered(found);
  await storage.put({ key, body: rendered.bytes, contentType: CONTENT_TYPES[rendered.format] });
  remember(base, rendered.format);
  metrics().variantRenders.inc({ preset: spec.preset, format: rendered.format });
  log.info({ key, bytes: rendered.bytes.length, ms: Math.round(performance.now() - started) }, 'variant rendered');
  return found;
}

// 48 bits of the variant's name: a lock of its own, far from the small constants other locks use.
function lockKeyOf(base: string) {
  const n = createHash('sha256').update(`variant:${base}`).digest().readUIntBE(0, 6);
  return n < 1_000_000 ? n + 1_000_000 : n;
}
