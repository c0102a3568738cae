// GET /api/i/:imageId/:preset – checks the signature, negotiates the format, then serves the
// stored variant (rendering it on the first request). Local disk: the stored bytes with a
// strong ETag; S3: a redirect to a presigned GET, so no stored bytes pass through the app.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DatabaseHandle } from '@/lib/db/client';
import { images } from '@/lib/db/schema';
import { StorageError, type StorageDriver } from '@/lib/storage/driver';
import { AppError } from '@/lib/http/errors';
import { env } from '@/lib/env';
import { CENTRE, CONTENT_TYPES, focalOf, isPresetName, presetVersion, type VariantFormat } from './presets';
import { REQUEST_FORMATS, urlKeys, verifyVariant } from './variant-signature';
import { negotiateFormat } from './negotiate-format';
import { ensureVariant, findStored, forgetVariants, storedFormats, type Found, type VariantSpec } from './ensure-variant';

const variantQuery = z.object({
  f: z.enum(REQUEST_FORMATS).default('auto'),
  exp: z.string().regex(/^\d{1,12}$/).transform(Number).optional(),
  sig: z.string().max(64).optional(),
});

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REDIRECT_SECONDS = 3600;

export async function serveVariant(handle: DatabaseHandle, storage: StorageDriver, input: { imageId: string; preset: string; request: Request }): Promise<Response> {
  const { request } = input;
  if (!isPresetName(input.preset)) throw new AppError('not_found', 'Unknown preset');
  const preset = input.preset;
  const query = variantQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const row = z.uuid().safeParse(input.imageId).success ? await findSource(handle, input.imageId) : null;
  const version = presetVersion(preset, row ? focalOf(row) : CENTRE);
  const expires = query.exp ?? null;
  const signed = { imageId: input.imageId, preset, format: query.f, version, expires };
  // The signature is checked before the row's existence shows: a changed id is a 403 too.
  if (!query.sig || !verifyVariant(urlKeys(env().IMAGE_URL_SECRET), signed, query.sig)) {
    throw new AppError('forbidden', 'The image URL signature is not valid');
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (expires !== null && expires < nowSeconds) throw new AppError('forbidden', 'The image URL has expired');
  if (!row || row.status !== 'uploaded') throw new AppError('not_found', 'Image not found');

  const spec: VariantSpec = {
    imageId: row.id, originalKey: row.key, mimeType: row.mimeType, preset, version,
    target: negotiateFormat(query.f, request.headers.get('accept')), focal: focalOf(row),
  };
  const headers: Record<string, string> = {
    'Cache-Control': expires === null ? IMMUTABLE : `private, max-age=${expires - nowSeconds}`,
    'X-Content-Type-Options': 'nosniff',
  };
  if (query.f === 'auto') headers.Vary = 'Accept';

  const ifNoneMatch = request.headers.get('if-none-match');
  const cached = ifNoneMatch ? storedFormats(spec).find((f) => etagMatches(ifNoneMatch, etagOf(spec, f))) : undefined;
  if (cached) return new Response(null, { status: 304, headers: { ...headers, ETag: etagOf(spec, cached) } });

  const found: Found = (await findStored(storage, spec)) ?? (await ensureVariant(handle, storage, spec));
  headers.ETag = etagOf(spec, found.format);
  if (found.rendered) return bytesResponse(found.rendered.bytes, found.format, headers);
  if (storage.kind === 's3') {
    const location = await storage.presignGet({ key: found.key, expiresIn: REDIRECT_SECONDS, responseContentType: CONTENT_TYPES[found.format] });
    // The redirect may be reused for a while, never past the presigned URL's life.
    const redirectCache = expires === null ? 'public, max-age=600' : 'private, max-age=600';
    return new Response(null, { status: 302, headers: { ...headers, 'Cache-Control': redirectCache, Location: location } });
  }
  return bytesResponse(await readStored(handle, storage, spec, found.key), found.format, headers);
}

// Deleted behind this process's back (by hand, or by another process's delete): render again.
async function readStored(handle: DatabaseHandle, storage: StorageDriver, spec: VariantSpec, key: string) {
  try {
    return await storage.read(key);
  } catch (err) {
    if (!(err instanceof StorageError && err.code === 'not_found')) throw err;
    forgetVariants(spec.imageId);
    const again = await ensureVariant(handle, storage, spec);
    return again.rendered?.bytes ?? storage.read(again.key);
  }
}

function bytesResponse(bytes: Buffer, format: VariantFormat, headers: Record<string, string>) {
  return new Response(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), {
    status: 200,
    headers: { ...headers, 'Content-Type': CONTENT_TYPES[format], 'Content-Length': String(bytes.byteLength) },
  });
}

async function findSource(handle: DatabaseHandle, imageId: string) {
  const [row] = await handle.db.select({
    id: images.id, key: images.key, mimeType: images.mimeType, status: images.status, focalX: images.focalX, focalY: images.focalY,
  }).from(images).where(eq(images.id, imageId));
  return row ?? null;
}

// A variant key never changes its bytes, so its name is a strong validator.
function etagOf(spec: VariantSpec, format: VariantFormat) {
  return `"${spec.preset}-${spec.version}.${format}"`;
}

function etagMatches(header: string, etag: string) {
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}
