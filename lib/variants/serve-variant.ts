// GET /api/i/:imageId/:preset – checks the signature, negotiates the format, then serves the
// stored variant (rendering it on the first request). Local disk: the stored bytes with a
// strong ETag; S3: a redirect to a presigned GET, so no stored bytes pass through the app.
// A hit on a width preset needs no query: its version does not depend on the row, and a
// stored variant means the image was there (its variants go with it). Cropped presets
// depend on the focal point, so they read the row first.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DatabaseHandle } from '@/lib/db/client';
import { images } from '@/lib/db/schema';
import { StorageError, type StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { CENTRE, CONTENT_TYPES, PRESETS, focalOf, isPresetName, presetVersion, type PresetName, type VariantFormat } from './presets';
import { REQUEST_FORMATS, urlKeys, verifyVariant } from './variant-signature';
import { negotiateFormat, type TargetFormat } from './negotiate-format';
import { ensureVariant, findStored, forgetVariants, storedFormats, type Found, type VariantSpec } from './ensure-variant';

const variantQuery = z.object({
  f: z.enum(REQUEST_FORMATS).default('auto'),
  exp: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .optional(),
  sig: z.string().max(64).optional(),
});

// Built once: a zod schema made per request costs more than the rest of a hit.
const imageIdSchema = z.uuid();
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REDIRECT_SECONDS = 3600;

type Row = NonNullable<Awaited<ReturnType<typeof findSource>>>;
interface Ask {
  imageId: string;
  preset: PresetName;
  version: string;
  target: TargetFormat;
  headers: Record<string, string>;
}

export async function serveVariant(
  handle: DatabaseHandle,
  storage: StorageDriver,
  input: { imageId: string; preset: string; request: Request },
): Promise<Response> {
  const { request, imageId } = input;
  if (!isPresetName(input.preset)) throw new AppError('not_found', 'Unknown preset');
  const preset = input.preset;
  const query = variantQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const isUuid = imageIdSchema.safeParse(imageId).success;
  const cropped = PRESETS[preset].kind === 'crop';
  const row = cropped && isUuid ? await findSource(handle, imageId) : undefined;
  const version = presetVersion(preset, row ? focalOf(row) : CENTRE);
  const expires = query.exp ?? null;
  // The signature is checked before the row's existence shows: a changed id is a 403 too.
  if (!query.sig || !verifyVariant(urlKeys(env().IMAGE_URL_SECRET), { imageId, preset, format: query.f, version, expires }, query.sig)) {
    throw new AppError('forbidden', 'The image URL signature is not valid');
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (expires !== null && expires < nowSeconds) throw new AppError('forbidden', 'The image URL has expired');
  if (!isUuid) throw new AppError('not_found', 'Image not found');

  const headers: Record<string, string> = {
    'Cache-Control': expires === null ? IMMUTABLE : `private, max-age=${expires - nowSeconds}`,
    'X-Content-Type-Options': 'nosniff',
  };
  if (query.f === 'auto') headers.Vary = 'Accept';
  const ask: Ask = { imageId, preset, version, target: negotiateFormat(query.f, request.headers.get('accept')), headers };

  const ifNoneMatch = request.headers.get('if-none-match');
  const cached = ifNoneMatch ? storedFormats({ ...ask, mimeType: row?.mimeType ?? null }).find((f) => etagMatches(ifNoneMatch, etagOf(ask, f))) : undefined;
  if (cached) return new Response(null, { status: 304, headers: { ...headers, ETag: etagOf(ask, cached) } });

  if (!cropped) {
    const stored = await findStored(storage, { ...ask, mimeType: null });
    const hit = stored && (await answerStored(storage, ask, stored));
    if (hit) return hit;
  }
  const source = row === undefined ? await findSource(handle, imageId) : row;
  if (source?.status !== 'uploaded') throw new AppError('not_found', 'Image not found');
  return answerMiss(handle, storage, ask, source, { looked: !cropped });
}

async function answerMiss(handle: DatabaseHandle, storage: StorageDriver, ask: Ask, row: Row, { looked }: { looked: boolean }): Promise<Response> {
  const spec: VariantSpec = {
    imageId: row.id,
    originalKey: row.key,
    mimeType: row.mimeType,
    preset: ask.preset,
    version: ask.version,
    target: ask.target,
    focal: focalOf(row),
  };
  // A width preset was looked for a moment ago; ensureVariant looks again under its lock.
  const found: Found = (!looked && (await findStored(storage, spec))) || (await ensureVariant(handle, storage, spec));
  if (found.rendered) return bytesResponse(found.rendered.bytes, found.format, { ...ask.headers, ETag: etagOf(ask, found.format) });
  const answer = await answerStored(storage, ask, found);
  if (answer) return answer;
  // Deleted behind this process's back (by hand, or another process's delete): render again.
  forgetVariants(row.id);
  const again = await ensureVariant(handle, storage, spec);
  return bytesResponse(again.rendered?.bytes ?? (await storage.read(again.key)), again.format, { ...ask.headers, ETag: etagOf(ask, again.format) });
}

/** The stored variant's answer, or null when its object has gone (local disk; S3 cannot tell without a request). */
async function answerStored(storage: StorageDriver, ask: Ask, found: Found): Promise<Response | null> {
  const headers = { ...ask.headers, ETag: etagOf(ask, found.format) };
  if (storage.kind === 's3') {
    const location = await storage.presignGet({ key: found.key, expiresIn: REDIRECT_SECONDS, responseContentType: CONTENT_TYPES[found.format] });
    // The redirect may be reused for a while, never past the presigned URL's life.
    const cache = ask.headers['Cache-Control'] === IMMUTABLE ? 'public, max-age=600' : 'private, max-age=600';
    return new Response(null, { status: 302, headers: { ...headers, 'Cache-Control': cache, Location: location } });
  }
  try {
    return bytesResponse(await storage.read(found.key), found.format, headers);
  } catch (err) {
    if (err instanceof StorageError && err.code === 'not_found') {
      forgetVariants(ask.imageId);
      return null;
    }
    throw err;
  }
}

function bytesResponse(bytes: Buffer, format: VariantFormat, headers: Record<string, string>) {
  return new Response(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), {
    status: 200,
    headers: { ...headers, 'Content-Type': CONTENT_TYPES[format], 'Content-Length': String(bytes.byteLength) },
  });
}

async function findSource(handle: DatabaseHandle, imageId: string) {
  const [row] = await handle.db
    .select({
      id: images.id,
      key: images.key,
      mimeType: images.mimeType,
      status: images.status,
      focalX: images.focalX,
      focalY: images.focalY,
    })
    .from(images)
    .where(eq(images.id, imageId));
  return row ?? null;
}

// A variant key never changes its bytes, so its name is a strong validator.
function etagOf(ask: Pick<Ask, 'preset' | 'version'>, format: VariantFormat) {
  return `"${ask.preset}-${ask.version}.${format}"`;
}

function etagMatches(header: string, etag: string) {
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}
