// What confirm serves, over HTTP on PGlite + local disk and PostgreSQL + S3 (issue 16): a
// misnamed file is kept as what it is and can be paid for; served bytes live where no upload
// URL writes; no metadata but the colour profile; public URLs without the filename; a frame
// cap; the storage quota (and its figures on /admin); and objects written through old upload
// URLs never count or stay.
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makeAnimated, makeImage, makePng } from '@/test/fixtures/images';
import { addPrivateMetadata, privateTags, readTags } from '@/lib/images/exiftool';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import { signUp, type Client } from '../infra/client';
import { makeAdmin } from '../infra/auth';
import { checkoutEvent, deliver } from '../infra/payments';
import { apiKeyFor } from '../infra/service-api';
import { confirm, newSession, prepare, putBytes, uploadImages, type PreparedUpload } from '../infra/uploads';

type Image = {
  id: string;
  key: string;
  thumbnailKey: string;
  mimeType: string;
  byteSize: number;
  status: string;
  url: string;
  thumbnailUrl: string;
  originalFilename: string;
};
type PublicListing = { id: string; images: { id: string; url: string; thumbnailUrl: string }[] };
type Usage = { usedBytes: number; quotaBytes: number; images: number };

const QUOTA_MB = 2;
const MAX_FRAMES = 20;
const ADMIN = 'ops@example.test';

/** The cells of the /admin "Storage by user" row for `email`, as text. */
function usageRow(html: string, email: string) {
  const table = html.match(/<table[^>]*aria-label="Storage by user"[^>]*>([\s\S]*?)<\/table>/)?.[1] ?? '';
  const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(([, row]) =>
    [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell]) => cell.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, '')),
  );
  return rows.find((cells) => cells[0] === email);
}

async function bytesOf(url: string) {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return { bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

describeApp(
  'upload integrity',
  { users: 1, env: () => ({ MAX_ANIMATION_FRAMES: String(MAX_FRAMES), USER_STORAGE_QUOTA_MB: String(QUOTA_MB), ADMIN_EMAILS: ADMIN }) },
  (suite) => {
    let app: RunningApp;
    let storage: StorageDriver;
    let alice: Client;
    /** Upload keys written again after their image moved on: clean-up must remove them. */
    const rewritten: string[] = [];
    const keptKeys: string[] = [];

    beforeAll(() => {
      ({
        app,
        storage,
        users: [alice],
      } = suite);
    });

    const image = async (client: Client, id: string) => (await client.json<Image>(`/api/images/${id}`)).body;
    const usage = async (client: Client) => (await client.json<Usage>('/api/usage')).body;

    /** Checkout of the session's images, paid as Stripe reports a paid session. */
    async function checkoutAndPay(client: Client, uploadSessionId: string) {
      const checkout = await client.json<{ listingId: string }>('/api/checkout', { uploadSessionId, title: 'Holiday' });
      expect(checkout.status).toBe(201);
      const event = checkoutEvent('checkout.session.completed', { listingId: checkout.body.listingId, uploadSessionId });
      Object.assign(event.data.object, { payment_status: 'paid' });
      const paid = await deliver(app, event);
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      expect((await client.json<{ status: string }>(`/api/listings/${checkout.body.listingId}`)).body.status).toBe('published');
      const listing = await fetch(`${app.url}/api/public/listings/${checkout.body.listingId}`);
      expect(listing.status).toBe(200);
      return (await listing.json()) as PublicListing;
    }

    it('keeps a JPEG uploaded as holiday.png (image/png), serves it as a JPEG, and its listing can be paid', async () => {
      const uploadSessionId = await newSession(alice);
      const jpeg = await makeImage('jpeg', 64, 48);
      const { ids, results } = await uploadImages(alice, { uploadSessionId }, [{ filename: 'holiday.png', type: 'image/png', bytes: jpeg }]);
      expect(results[0]).toMatchObject({ status: 'uploaded', width: 64, height: 48 });
      const row = await image(alice, ids[0]);
      expect(row).toMatchObject({ mimeType: 'image/jpeg', originalFilename: 'holiday.png', byteSize: jpeg.byteLength });
      expect(row.key).toMatch(/^temp\/sess_\d{13}_[a-f0-9]+\/\d{13}-[0-9a-f-]{36}\.jpg$/);
      const served = await bytesOf(row.url);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      expect(served.bytes.equals(jpeg)).toBe(true);
      expect((await sharp((await bytesOf(row.thumbnailUrl)).bytes).metadata()).format).toBe('webp');

      const listing = await checkoutAndPay(alice, uploadSessionId);
      const published = await bytesOf(listing.images[0].url);
      expect(published.headers.get('content-type')).toBe('image/jpeg');
      expect(published.bytes.equals(jpeg)).toBe(true);
      expect((await image(alice, ids[0])).key).toMatch(/^listings\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.jpg$/);
    });

    it('serves the confirmed bytes from a key of its own: a PUT to the upload URL afterwards changes nothing anyone sees', async () => {
      const uploadSessionId = await newSession(alice);
      const png = makePng(40, 30);
      const {
        body: {
          uploads: [upload],
        },
      } = await prepare(alice, { uploadSessionId }, [{ filename: 'p.png', size: png.byteLength, type: 'image/png' }]);
      expect((await putBytes(upload, png)).status).toBe(200);
      expect((await confirm(alice, [upload.imageId])).body.results[0].status).toBe('uploaded');
      const row = await image(alice, upload.imageId);
      expect(row.key).not.toBe(upload.key);
      expect(await storage.head(upload.key)).toBeNull();
      expect((await bytesOf(row.url)).bytes.equals(png)).toBe(true);
      const before = await usage(alice);

      // The URL is valid for its hour: the owner sends other bytes of the same length.
      const tampered = Buffer.from(png);
      tampered.fill(0x41, 60, png.byteLength - 20);
      expect((await putBytes(upload, tampered)).status).toBe(200);
      rewritten.push(upload.key);
      const again = await image(alice, upload.imageId);
      expect(again.key).toBe(row.key);
      expect((await bytesOf(again.url)).bytes.equals(png)).toBe(true);
      expect(await usage(alice)).toEqual(before);

      const listing = await checkoutAndPay(alice, uploadSessionId);
      expect((await bytesOf(listing.images[0].url)).bytes.equals(png)).toBe(true);
      keptKeys.push((await image(alice, upload.imageId)).key);
    });

    it('serves JPEG and GIF without comments, XMP or GPS, on the public page too, and public URLs carry no filename', async () => {
      const uploadSessionId = await newSession(alice);
      const jpeg = await addPrivateMetadata(await makeImage('jpeg', 64, 48), 'jpg');
      const gif = await addPrivateMetadata(await makeAnimated('gif', { width: 64, height: 48, frames: 3 }), 'gif');
      for (const fixture of [jpeg, gif]) expect(privateTags(await readTags(fixture)).length).toBeGreaterThan(2);
      const files = [
        { filename: 'Jane Doe, 12 Elm Street.jpg', type: 'image/jpeg', bytes: jpeg },
        { filename: 'Jane Doe at home.gif', type: 'image/gif', bytes: gif },
      ];
      const { ids } = await uploadImages(alice, { uploadSessionId }, files);
      const owned = await Promise.all(ids.map((id) => image(alice, id)));
      for (const row of owned) {
        expect(privateTags(await readTags((await bytesOf(row.url)).bytes))).toEqual([]);
        expect(privateTags(await readTags((await bytesOf(row.thumbnailUrl)).bytes))).toEqual([]);
        // The owner's own URL may name the file.
        expect(row.url).toContain('response-content-disposition');
      }
      expect((await sharp((await bytesOf(owned[1].url)).bytes).metadata()).pages).toBe(3);

      const listing = await checkoutAndPay(alice, uploadSessionId);
      const page = await (await fetch(`${app.url}/p/${listing.id}`)).text();
      for (const name of ['Jane', 'Elm']) {
        expect(JSON.stringify(listing)).not.toContain(name);
        expect(page).not.toContain(name);
      }
      for (const publicImage of listing.images) {
        expect(publicImage.url).not.toContain('response-content-disposition');
        const served = await bytesOf(publicImage.url);
        expect(served.headers.get('content-disposition') ?? '').not.toMatch(/filename/);
        expect(privateTags(await readTags(served.bytes))).toEqual([]);
      }
    });

    it(`refuses an animation of more than MAX_ANIMATION_FRAMES (${MAX_FRAMES}) frames with a clear reason`, async () => {
      const uploadSessionId = await newSession(alice);
      const webp = await makeAnimated('webp', { width: 8, height: 8, frames: MAX_FRAMES + 5 });
      const {
        body: {
          uploads: [upload],
        },
      } = await prepare(alice, { uploadSessionId }, [{ filename: 'a.webp', size: webp.byteLength, type: 'image/webp' }]);
      await putBytes(upload, webp);
      const res = await confirm(alice, [upload.imageId]);
      expect(res.body.results[0]).toEqual({
        imageId: upload.imageId,
        status: 'error',
        width: null,
        height: null,
        error: `animation has ${MAX_FRAMES + 5} frames; at most ${MAX_FRAMES} are allowed`,
      });
      expect(await storage.head(upload.key)).toBeNull();
      const ok = await makeAnimated('webp', { width: 8, height: 8, frames: MAX_FRAMES });
      const { results } = await uploadImages(alice, { uploadSessionId }, [{ filename: 'b.webp', type: 'image/webp', bytes: ok }]);
      expect(results[0].status).toBe('uploaded');
    });

    it('counts originals and thumbnails against USER_STORAGE_QUOTA_MB: GET /api/usage, 413 quota_exceeded at prepare and on generated posts', async () => {
      const carol = await signUp(app.url);
      const quotaBytes = QUOTA_MB * 1024 * 1024;
      expect((await fetch(`${app.url}/api/usage`)).status).toBe(401);
      expect(await usage(carol)).toEqual({ usedBytes: 0, quotaBytes, images: 0 });
      const uploadSessionId = await newSession(carol);
      const { ids } = await uploadImages(carol, { uploadSessionId }, [{ filename: 'a.png', type: 'image/png', bytes: makePng(300, 200) }]);
      const row = await image(carol, ids[0]);
      const thumbnail = await storage.head(row.thumbnailKey);
      const used = row.byteSize + thumbnail!.size;
      expect(await usage(carol)).toEqual({ usedBytes: used, quotaBytes, images: 1 });
      const key = await apiKeyFor(carol);
      const viaKey = await fetch(`${app.url}/api/usage`, { headers: { authorization: `Bearer ${key}` } });
      expect(await viaKey.json()).toEqual({ usedBytes: used, quotaBytes, images: 1 });

      // One byte over is refused and creates nothing; exactly up to the quota is fine.
      const over = await prepare(carol, { uploadSessionId }, [{ filename: 'big.jpg', size: quotaBytes - used + 1, type: 'image/jpeg' }]);
      expect(over.status).toBe(413);
      expect(over.body).toEqual({ error: { code: 'quota_exceeded', message: expect.any(String), details: { usedBytes: used, quotaBytes } } });
      expect((await carol.json<{ items: unknown[] }>(`/api/images?uploadSessionId=${uploadSessionId}`)).body.items).toHaveLength(1);
      const fits = await prepare(carol, { uploadSessionId }, [{ filename: 'big.jpg', size: quotaBytes - used, type: 'image/jpeg' }]);
      expect(fits.status).toBe(201);
      expect(await usage(carol)).toMatchObject({ usedBytes: quotaBytes, images: 2 });

      const generated = await fetch(`${app.url}/api/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'a boat', imageData: makePng(16, 16).toString('base64') }),
      });
      expect(generated.status).toBe(413);
      expect(await generated.json()).toMatchObject({ error: { code: 'quota_exceeded', details: { usedBytes: quotaBytes, quotaBytes } } });
      // Refused before anything is stored, though its thumbnail was being made meanwhile.
      expect(await usage(carol)).toMatchObject({ usedBytes: quotaBytes, images: 2 });
      expect((await storage.list(`users/${carol.user.id}/`)).objects).toEqual([]);

      // The keys page shows the meter.
      const page = await (await carol.fetch('/settings/keys')).text();
      expect(page).toMatch(/<meter[^>]*max="2097152"[^>]*value="2097152"|<meter[^>]*value="2097152"[^>]*max="2097152"/);
      // And /admin's usage table: her images, what she stores and her share of the quota. (On
      // PostgreSQL the listed address is granted, not verified: a grant alone opens the page.)
      const admin = await signUp(app.url, { email: ADMIN });
      await makeAdmin(app, ADMIN);
      const adminPage = await admin.fetch('/admin');
      expect(adminPage.status).toBe(200);
      expect(usageRow(await adminPage.text(), carol.user.email)).toEqual([carol.user.email, '2', '2 MB', '100 %']);
    });

    it('removes objects re-created through old upload URLs (after confirm, delete or a failed confirm) at clean-up; they never count', async () => {
      const { id: listingId } = (await alice.json<{ id: string }>('/api/listings', { title: 'Draft' })).body;
      const png = makePng(20, 20);
      const text = Buffer.from('not a picture, just text\n'.repeat(10));
      const {
        body: { uploads },
      } = await prepare(alice, { listingId }, [
        { filename: 'deleted.png', size: png.byteLength, type: 'image/png' },
        { filename: 'bad.png', size: text.byteLength, type: 'image/png' },
      ]);
      const [deleted, rejected] = uploads as PreparedUpload[];
      await putBytes(deleted, png);
      await putBytes(rejected, text);
      const results = (await confirm(alice, [deleted.imageId, rejected.imageId])).body.results;
      expect(results.map((r) => r.status)).toEqual(['uploaded', 'error']);
      expect((await alice.fetch(`/api/images/${deleted.imageId}`, { method: 'DELETE' })).status).toBe(204);
      const errorRow = await image(alice, rejected.imageId);
      expect(errorRow).toMatchObject({ status: 'error', error: 'not a supported image' });
      expect(errorRow.key).not.toBe(rejected.key);
      const before = await usage(alice);
      expect((await putBytes(deleted, png)).status).toBe(200);
      expect((await putBytes(rejected, text)).status).toBe(200);
      rewritten.push(deleted.key, rejected.key);
      for (const key of rewritten) expect(await storage.head(key), key).not.toBeNull();
      expect(await usage(alice)).toEqual(before);

      const cleanup = await fetch(`${app.url}/api/cleanup/temp-images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.env.CRON_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'cleanup-old', hoursOld: 0 }),
      });
      expect(cleanup.status).toBe(200);
      for (const key of rewritten) expect(await storage.head(key), key).toBeNull();
      for (const key of keptKeys) expect(await storage.head(key), key).not.toBeNull();
    });
  },
);
