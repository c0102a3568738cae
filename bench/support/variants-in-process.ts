// The in-process half of the variants bench: (a) a miss through serveVariant vs sharp alone on
// the same bytes, and (b) hits through the route's own handler vs a bare handler answering the
// same stored bytes. Imported by bench/variants.ts after isolateBench has set the environment.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../lib/db/client';
import { images } from '../../lib/db/schema';
import { route } from '../../lib/http/route';
import { ENCODERS } from '../../lib/variants/presets';
import { serveVariant } from '../../lib/variants/serve-variant';
import { variantUrl } from '../../lib/variants/variant-urls';
import { pollUntil } from '../../test/infra/poll';
import type { S3Server } from '../../test/infra/s3';
import { seedUser, testStorage } from '../../test/infra/seed';
import { median } from './isolate';

export const MISS_ROUNDS = 9;
export const HIT_SLICES = 7;
export const HIT_SLICE_MS = 1500;
export const HIT_CLIENTS = 8;
export const AVIF_ACCEPT = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';

/** Answers per second of `call` with HIT_CLIENTS callers for `ms`; each must be a 200 or 302. */
export async function perSecond(call: () => Promise<Response>, ms: number) {
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: HIT_CLIENTS }, async () => {
      while (performance.now() - t0 < ms) {
        const res = await call();
        await res.arrayBuffer();
        if (res.status !== 200 && res.status !== 302) throw new Error(`hit: ${res.status}`);
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

/** (a) and (b) in this process, on `photo`: see bench/variants.ts. */
export async function measureInProcess(photo: Buffer, bench: { tmp: string; kind: 'local' | 's3'; s3: S3Server | null }) {
  const { tmp, kind, s3 } = bench;
  sharp.cache(false); // neither side may reuse the other's decoded pixels
  const handle = await openDatabase({ dataDir: path.join(tmp, 'inproc') });
  const storage = await testStorage(kind, s3);
  const userId = await seedUser(handle.db);
  const { width, height } = await sharp(photo).metadata();
  const newImage = async () => {
    const id = randomUUID();
    const key = `users/${userId}/${Date.now()}-${id}.jpg`;
    await storage.put({ key, body: photo, contentType: 'image/jpeg' });
    const [row] = await handle.db
      .insert(images)
      .values({ id, userId, key, mimeType: 'image/jpeg', byteSize: photo.byteLength, width, height, status: 'uploaded' })
      .returning();
    return row;
  };
  const ours = async (format: 'avif' | 'webp') => {
    const row = await newImage();
    // Relative outside a request (no APP_URL here): made absolute as a request would carry it.
    const request = new Request(new URL(variantUrl(row, 'md', format, { public: true }), 'http://127.0.0.1'));
    const t = performance.now();
    const res = await serveVariant(handle, storage, { imageId: row.id, preset: 'md', request });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`serveVariant: ${res.status}`);
    return performance.now() - t;
  };
  const bare = async (format: 'avif' | 'webp') => {
    const t = performance.now();
    const pipeline = sharp(photo, { limitInputPixels: 50_000_000, pages: 1, failOn: 'error' }).autoOrient().resize({ width: 1280 }).toColourspace('srgb');
    await (format === 'avif' ? pipeline.avif(ENCODERS.avif) : pipeline.webp(ENCODERS.webp)).toBuffer();
    return performance.now() - t;
  };
  const times = { avif: [[], []], webp: [[], []] } as Record<'avif' | 'webp', [number[], number[]]>;
  const hit: number[] = [];
  const floor: number[] = [];
  try {
    await ours('webp');
    await bare('webp');
    for (let round = 0; round < MISS_ROUNDS; round++) {
      for (const format of ['avif', 'webp'] as const) {
        // Alternating who goes first, so neither always runs on a warmer cache.
        if (round % 2) {
          times[format][1].push(await bare(format));
          times[format][0].push(await ours(format));
        } else {
          times[format][0].push(await ours(format));
          times[format][1].push(await bare(format));
        }
      }
    }
    // (b) in this process: the route's own handler (route() + serveVariant) on a stored md AVIF,
    // vs a bare handler answering the same stored bytes (storage.read into a Response).
    const row = await newImage();
    const url = new URL(variantUrl(row, 'md', 'auto', { public: true }), 'http://127.0.0.1').href;
    const handler = route({ auth: 'none' }, async ({ request }) => serveVariant(handle, storage, { imageId: row.id, preset: 'md', request }));
    const ask = () => handler(new Request(url, { headers: { accept: AVIF_ACCEPT } }));
    await (await ask()).arrayBuffer();
    // The answer comes before the store: wait for the stored object.
    const [{ key }] = await pollUntil(
      async () => (await storage.list(`variants/${row.id}/`)).objects,
      (objects) => objects.length > 0,
      { what: 'the stored md AVIF', intervalMs: 100 },
    );
    const bareHandler = async () => new Response(new Uint8Array(await storage.read(key)), { headers: { 'content-type': 'image/avif' } });
    await perSecond(ask, 500);
    await perSecond(bareHandler, 500);
    for (let slice = 0; slice < HIT_SLICES; slice++) {
      hit.push(await perSecond(ask, HIT_SLICE_MS));
      floor.push(await perSecond(bareHandler, HIT_SLICE_MS));
    }
  } finally {
    await handle.close();
    sharp.cache(true);
  }
  // Rates of short slices swing with the machine's other load; the ratio of the two medians is
  // steadier than the median of slice ratios (both printed).
  const hitInProcess = { ours: median(hit), bare: median(floor), ratio: median(hit) / median(floor), slices: hit.map((h, i) => (h / floor[i]).toFixed(2)) };
  // Judged on the median of each round's ratio (the two ran side by side), so a slow patch of
  // a shared machine weighs on both sides of a ratio instead of on one median.
  return {
    hitInProcess,
    miss: (['avif', 'webp'] as const).map((format) => ({
      format,
      ours: median(times[format][0]),
      bare: median(times[format][1]),
      ratio: median(times[format][0].map((t, i) => t / times[format][1][i])),
    })),
  };
}
