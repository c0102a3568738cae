// Image delivery over HTTP (SPEC §4 "Image delivery"): srcset on every image answer, signed
// variant URLs (tampering, expiry, rotation), Accept negotiation, ETag/304, one render for
// concurrent first requests across two instances, the render queue's 429, focal-point crops
// and the Open Graph image, and variants through promotion, delete and clean-up.
import { randomBytes, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { listKeys } from '@/test/infra/storage-keys';
import { makePhoto } from '@/lib/variants/test-photos';
import { presetVersion, type PresetName } from '@/lib/variants/presets';
import { variantQuery, type RequestFormat } from '@/lib/variants/variant-signature';
import { APP_CONFIGS, startApp, storageOf, type RunningApp } from '../infra/app';
import { signUp, type Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { checkoutEvent, deliver } from '../infra/payments';
import { canStart } from '../infra/app-suite';
import { pollUntil } from '../infra/poll';
import { redPixels, renders, settledRenders, urlOf, widthsOf } from '../infra/variants';

type Image = { id: string; width: number; height: number; placeholder: string | null; srcset: string | null; focalX: number | null; focalY: number | null };
type PublicListing = { images: Image[]; ogImage: { url: string; width: number; height: number } | null };

const KEY_NOW = 'n'.repeat(40);
const KEY_OLD = 'o'.repeat(40);
const KEY_REMOVED = 'r'.repeat(40);
const AVIF = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';

for (const config of APP_CONFIGS) {
  const shared = config.database === 'postgres';
  describe.runIf(canStart(config))(`image variants on ${config.name}`, () => {
    let app: RunningApp;
    let second: RunningApp | undefined;
    let storage: StorageDriver;
    let alice: Client;
    let photos: string[];
    let listingId: string;

    const signed = (
      imageId: string,
      preset: PresetName,
      format: RequestFormat,
      opts: { expires?: number | null; key?: string; focal?: { x: number; y: number } } = {},
    ) =>
      `${app.url}/api/i/${imageId}/${preset}?${variantQuery([opts.key ?? KEY_NOW], { imageId, preset, format, version: presetVersion(preset, opts.focal), expires: opts.expires ?? null })}`;
    const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual' });
    /** The variant's bytes, following the S3 path's redirect to the presigned GET. */
    async function bytesOf(res: Response) {
      if (res.status === 302) {
        expect(config.storage).toBe('s3');
        const stored = await fetch(res.headers.get('location')!);
        expect(stored.status).toBe(200);
        return { type: stored.headers.get('content-type'), bytes: Buffer.from(await stored.arrayBuffer()) };
      }
      expect(res.status).toBe(200);
      return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
    }

    beforeAll(async () => {
      const env = { IMAGE_URL_SECRET: `${KEY_NOW},${KEY_OLD}`, VARIANT_RENDER_CONCURRENCY: '1', VARIANT_QUEUE_MAX: '1' };
      app = await startApp({ database: config.database, storage: config.storage, pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3'), env });
      if (shared) {
        // A second instance on the same database and bucket, with the same secrets and origin.
        const same = {
          ...env,
          BETTER_AUTH_SECRET: app.env.BETTER_AUTH_SECRET,
          S3_BUCKET: app.env.S3_BUCKET,
          VARIANT_RENDER_CONCURRENCY: '2',
          VARIANT_QUEUE_MAX: '16',
        };
        second = await startApp({ database: 'postgres', storage: 's3', databaseUrl: app.databaseUrl, s3: inject('s3'), env: same });
      }
      storage = await storageOf(app);
      alice = await signUp(app.url);
      const uploadSessionId = await newSession(alice);
      const files = await Promise.all([
        makePhoto(1600, 1200, { subject: { x: 10, y: 1040, size: 150 } }), // subject in the bottom-left corner
        makePhoto(1600, 1200),
        makePhoto(900, 600),
        makePhoto(3000, 2000),
      ]);
      ({ ids: photos } = await uploadImages(
        alice,
        { uploadSessionId },
        files.map((bytes, n) => ({ filename: `photo${n}.jpg`, type: 'image/jpeg', bytes })),
      ));
      const checkout = await alice.json<{ listingId: string }>('/api/checkout', { uploadSessionId, title: 'Variants' });
      listingId = checkout.body.listingId;
    }, 180_000);
    afterAll(async () => {
      await second?.stop();
      await app?.stop();
    });

    it('gives every owner answer srcset (widths up to the original), width, height and placeholder, expiring', async () => {
      const one = (await alice.json<Image>(`/api/images/${photos[0]}`)).body;
      expect([one.width, one.height]).toEqual([1600, 1200]);
      expect(one.placeholder).toBeTruthy();
      expect(widthsOf(one.srcset!)).toEqual([640, 1280, 1600]);
      expect(one.srcset).toMatch(/f=auto&exp=\d+&sig=/);
      const small = (await alice.json<Image>(`/api/images/${photos[2]}`)).body;
      expect(widthsOf(small.srcset!)).toEqual([640, 900]);
      const list = (await alice.json<{ items: Image[] }>('/api/images?limit=100')).body.items;
      expect(list.every((i) => i.srcset && i.width && i.height)).toBe(true);
    });

    it('negotiates the format from Accept with Vary, and answers hits with ETag and 304', async () => {
      const url = urlOf((await alice.json<Image>(`/api/images/${photos[1]}`)).body.srcset!, 1280);
      const first = await get(url, { accept: AVIF });
      expect(first.status).toBe(200); // a miss is answered with the bytes it just rendered
      expect(first.headers.get('vary')).toMatch(/\bAccept$/);
      expect(first.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      const avif = await bytesOf(first);
      expect(avif.type).toBe('image/avif');
      expect((await sharp(avif.bytes).metadata()).width).toBe(1280);
      const etag = first.headers.get('etag')!;

      const hit = await get(url, { accept: AVIF });
      expect(hit.status).toBe(config.storage === 's3' ? 302 : 200);
      expect(hit.headers.get('etag')).toBe(etag);
      expect((await bytesOf(hit)).bytes.equals(avif.bytes)).toBe(true);
      const notModified = await get(url, { accept: AVIF, 'if-none-match': etag });
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get('etag')).toBe(etag);

      const webp = await bytesOf(await get(url, { accept: 'image/webp,*/*' }));
      expect(webp.type).toBe('image/webp');
      const jpeg = await get(url, { accept: '*/*' });
      expect((await bytesOf(jpeg)).type).toBe('image/jpeg');
      expect(jpeg.headers.get('etag')).not.toBe(etag);
      expect((await get(url, { accept: 'image/webp', 'if-none-match': etag })).status).not.toBe(304);
    });

    it('refuses tampered or expired URLs with 403 and unknown presets with 404', async () => {
      const url = new URL(urlOf((await alice.json<Image>(`/api/images/${photos[1]}`)).body.srcset!, 640));
      expect((await get(url.toString(), { accept: AVIF })).status).toBe(200);
      const tampered = [
        url.toString().replace(photos[1], photos[2]),
        url.toString().replace('/sm?', '/md?'),
        url.toString().replace('f=auto', 'f=avif'),
        url.toString().replace(/exp=(\d+)/, (_, n) => `exp=${Number(n) + 3600}`),
        url.toString().replace(/&exp=\d+/, ''),
        url.toString().replace(/&sig=[^&]+/, ''),
        url.toString().replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A')),
      ];
      for (const bad of tampered) {
        const res = await get(bad, { accept: AVIF });
        expect(res.status, bad).toBe(403);
        expect((await res.json()).error.code).toBe('forbidden');
      }
      const past = Math.floor(Date.now() / 1000) - 10;
      expect((await get(signed(photos[1], 'sm', 'auto', { expires: past }))).status).toBe(403);
      expect((await get(signed(photos[1], 'sm', 'auto', { expires: past + 3600 }))).status).toBe(200);
      const unknown = await get(url.toString().replace('/sm?', '/xl?'));
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error.code).toBe('not_found');
      expect((await get(signed(randomUUID(), 'sm', 'auto'))).status).toBe(404); // signed, but no such image
    });

    it('verifies URLs signed with an older key still listed, not with a removed one', async () => {
      expect((await get(signed(photos[1], 'sm', 'webp', { key: KEY_OLD }))).status).toBe(200);
      expect((await get(signed(photos[1], 'sm', 'webp', { key: KEY_REMOVED }))).status).toBe(403);
    });

    it(`renders a variant once for 20 concurrent first requests${shared ? ' on two instances' : ''}`, async () => {
      const before = await settledRenders([app, ...(second ? [second] : [])]);
      const url = signed(photos[0], 'lg', 'avif');
      const urls = Array.from({ length: 20 }, (_, n) => (second && n % 2 ? url.replace(app.url, second.url) : url));
      const answers = await Promise.all(urls.map((u) => get(u)));
      expect(answers.map((r) => r.status).every((s) => s === 200 || s === 302)).toBe(true);
      expect(new Set(answers.map((r) => r.headers.get('etag'))).size).toBe(1);
      const all = [app, ...(second ? [second] : [])];
      expect((await settledRenders(all)) - before).toBe(1);
      expect((await listKeys(storage, `variants/${photos[0]}/`)).filter((k) => /\/lg-[0-9a-f]+\.avif$/.test(k))).toHaveLength(1);
      if (second) {
        const served = await (await fetch(`${second.url}/api/metrics`, { headers: { authorization: `Bearer ${second.env.CRON_SECRET}` } })).text();
        expect(served).toMatch(/imagedock_http_requests_total\{route="\/api\/i\/:imageId\/:preset",method="GET",status="(200|302)"\} 10/);
      }
    });

    it('answers 429 with Retry-After when the render queue is full, and renders once it drains', async () => {
      const urls = (['sm', 'md', 'lg'] as const).flatMap((preset) => (['avif', 'webp', 'jpeg'] as const).map((f) => signed(photos[3], preset, f)));
      const answers = await Promise.all(urls.map((u) => get(u)));
      const refused = answers.filter((r) => r.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.some((r) => r.status === 200)).toBe(true);
      for (const r of refused) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await r.json()).error.code).toBe('rate_limited');
      }
      for (const u of urls) expect([200, 302]).toContain((await get(u)).status);
    });

    it('keeps variants through promotion, and the public answer carries never-expiring srcset', async () => {
      const rendersBefore = await settledRenders([app]);
      expect(
        (
          await deliver(
            app,
            checkoutEvent('checkout.session.completed', {
              listingId,
              uploadSessionId: (await alice.json<{ uploadSessionId: string }>(`/api/images/${photos[1]}`)).body.uploadSessionId,
            }),
          )
        ).status,
      ).toBe(200);
      const owned = (await alice.json<{ images: Image[] }>(`/api/listings/${listingId}`)).body;
      expect(owned.images.map((i) => widthsOf(i.srcset!).at(-1))).toEqual([1600, 1600, 900, 2048]);
      expect(owned.images[0].srcset).toMatch(/exp=/);
      const pub = (await fetch(`${app.url}/api/public/listings/${listingId}`).then((r) => r.json())) as PublicListing;
      expect(pub.images.map((i) => i.id)).toEqual(photos);
      for (const image of pub.images) {
        expect(image.srcset).not.toMatch(/exp=/);
        expect(image.width && image.height && image.placeholder).toBeTruthy();
      }
      const md = await get(urlOf(pub.images[1].srcset!, 1280), { accept: AVIF });
      expect([200, 302]).toContain(md.status);
      expect(md.headers.get('cache-control')).toBe(config.storage === 's3' ? 'public, max-age=600' : 'public, max-age=31536000, immutable');
      expect(await renders([app])).toBe(rendersBefore); // the md AVIF rendered before promotion is served
    });

    it('crops og around the focal point set by PATCH, and /p/:id names it in Open Graph tags', async () => {
      const page = async () => {
        const html = await (await fetch(`${app.url}/p/${listingId}`)).text();
        const meta = (p: string) => html.match(new RegExp(`<meta (?:property|name)="${p}" content="([^"]+)"`))?.[1].replaceAll('&amp;', '&');
        return {
          image: meta('og:image')!,
          width: meta('og:image:width'),
          height: meta('og:image:height'),
          card: meta('twitter:card'),
          title: meta('og:title'),
        };
      };
      const centred = await page();
      expect(centred).toMatchObject({ width: '1200', height: '630', card: 'summary_large_image', title: 'Variants' });
      expect(await redPixels((await bytesOf(await get(centred.image))).bytes)).toBe(0);

      for (const bad of [{ focalX: 0.5 }, { focalX: 1.5, focalY: 0.5 }, { focalX: 'left', focalY: 0 }, {}]) {
        expect((await alice.json(`/api/images/${photos[0]}`, bad, { method: 'PATCH' })).status, JSON.stringify(bad)).toBe(400);
      }
      const patched = await alice.json<Image>(`/api/images/${photos[0]}`, { focalX: 0.03, focalY: 0.92 }, { method: 'PATCH' });
      expect(patched.status).toBe(200);
      expect([patched.body.focalX, patched.body.focalY]).toEqual([0.03, 0.92]);
      const moved = await page();
      expect(moved.image).not.toBe(centred.image);
      const og = await bytesOf(await get(moved.image));
      expect(og.type).toBe('image/jpeg');
      expect(await sharp(og.bytes).metadata()).toMatchObject({ width: 1200, height: 630 });
      expect(await redPixels(og.bytes)).toBeGreaterThan(5000);
      expect((await get(centred.image)).status).toBe(403); // the old crop's URL is no longer valid
    });

    it('clean-up removes variants of gone images and old versions, and keeps current ones', async () => {
      await settledRenders([app, ...(second ? [second] : [])]); // stores behind the answers above have landed
      const current = await listKeys(storage, `variants/${photos[1]}/`);
      expect(current.length).toBeGreaterThan(0);
      const strays = [
        `variants/${randomUUID()}/md-0123456789.webp`,
        `variants/${photos[1]}/md-00000000aa.avif`,
        `variants/${photos[1]}/xl-${presetVersion('md')}.avif`,
      ];
      for (const key of strays) await storage.put({ key, body: randomBytes(64), contentType: 'image/webp' });
      const oldCrop = (await listKeys(storage, `variants/${photos[0]}/`)).filter((k) => k.includes(`/og-${presetVersion('og')}.`));
      expect(oldCrop).toHaveLength(1); // the centred og rendered above, now an old version
      const res = await fetch(`${app.url}/api/cron/cleanup`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } });
      expect(res.status).toBe(200);
      for (const key of [...strays, ...oldCrop]) expect(await storage.head(key), key).toBeNull();
      expect((await listKeys(storage, `variants/${photos[1]}/`)).sort()).toEqual(current.sort());
      expect((await listKeys(storage, `variants/${photos[0]}/`)).some((k) => k.includes(`/og-${presetVersion('og', { x: 0.03, y: 0.92 })}.jpeg`))).toBe(true);
    });

    it('deleting an image deletes its variants', async () => {
      const other = await signUp(app.url);
      const {
        ids: [id],
      } = await uploadImages(other, { uploadSessionId: await newSession(other) }, [
        { filename: 'x.jpg', type: 'image/jpeg', bytes: await makePhoto(800, 600) },
      ]);
      const srcset = (await other.json<Image>(`/api/images/${id}`)).body.srcset!;
      for (const width of widthsOf(srcset)) expect([200, 302]).toContain((await get(urlOf(srcset, width), { accept: AVIF })).status);
      expect(
        (
          await pollUntil(
            () => listKeys(storage, `variants/${id}/`),
            (k) => k.length >= 2,
            { what: 'both variants stored' },
          )
        ).length,
      ).toBe(2);
      expect((await alice.json(`/api/images/${id}`, undefined, { method: 'DELETE' })).status).toBe(404); // not alice's
      expect((await other.json(`/api/images/${id}`, undefined, { method: 'DELETE' })).status).toBe(204);
      expect(await listKeys(storage, `variants/${id}/`)).toEqual([]);
      expect((await get(urlOf(srcset, 640), { accept: AVIF })).status).toBe(404);
    });
  });
}
