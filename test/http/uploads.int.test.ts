// prepare → PUT → confirm over HTTP, on PGlite + local disk and PostgreSQL + the S3 server.
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makeCmykJpeg, makeHeic, makeJpegWithExif, makePng, makePngBomb, make16BitPng } from '@/test/fixtures/images';
import { describeApp } from '../infra/app-suite';
import type { Client } from '../infra/client';
import { confirm, newSession, prepare, putBytes, uploadImages } from '../infra/uploads';

/** An image as the API answers it: the fields these tests read, and the rest. */
type ImageAnswer = Record<string, unknown> & { id: string; url: string; thumbnailUrl: string };

const KEY_SHAPE = /^temp\/sess_\d{13}_[a-f0-9]+\/\d{13}-[0-9a-f-]{36}\.(png|jpg|gif|webp|heic)$/;

describeApp('uploads', { users: 2 }, (suite) => {
  let storage: StorageDriver;
  let alice: Client;
  let mallory: Client;
  beforeAll(() => {
    ({
      storage,
      users: [alice, mallory],
    } = suite);
  });

  async function imagesOf(client: Client, query: string) {
    return (await client.json<{ items: { id: string; status: string; key: string }[] }>(`/api/images?${query}`)).body.items;
  }

  it('creates upload sessions owned by the caller', async () => {
    const res = await alice.json<{ id: string; expiresAt: string }>('/api/upload-sessions', {});
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^sess_\d{13}_[a-f0-9]{20}$/);
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('uploads three PNGs: uploaded, sized, with a placeholder and working signed URLs', async () => {
    const session = await newSession(alice);
    const files = [1, 2, 3].map((n) => ({ filename: `photo ${n}.png`, type: 'image/png', bytes: makePng(640 + n, 480) }));
    const { ids, results } = await uploadImages(alice, { uploadSessionId: session }, files);
    expect(results.map((r) => [r.status, r.width, r.height])).toEqual([
      ['uploaded', 641, 480],
      ['uploaded', 642, 480],
      ['uploaded', 643, 480],
    ]);
    const listed = await alice.json<{ items: ImageAnswer[]; nextCursor: string | null }>(`/api/images?uploadSessionId=${session}`);
    expect(listed.body.items.map((i) => i.id)).toEqual(ids);
    const first = listed.body.items[0];
    expect(first).toMatchObject({
      status: 'uploaded',
      source: 'upload',
      mimeType: 'image/png',
      originalFilename: 'photo 1.png',
      caption: '',
      position: 0,
      uploadSessionId: session,
      listingId: null,
    });
    expect(first.key).toMatch(KEY_SHAPE);
    expect(first.placeholder).toMatch(/^[A-Za-z0-9+/=]{10,}$/);
    const original = await fetch(first.url);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/png');
    expect(original.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await original.arrayBuffer()).equals(files[0].bytes)).toBe(true);
    const thumb = await fetch(first.thumbnailUrl);
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, meta.width]).toEqual(['webp', 400]);
  });

  it('validates every file before creating anything', async () => {
    const session = await newSession(alice);
    const ok = { filename: 'a.png', size: 100, type: 'image/png' };
    const type = await prepare(alice, { uploadSessionId: session }, [ok, { filename: 'notes.txt', size: 10, type: 'text/plain' }]);
    expect(type.status).toBe(415);
    expect(type.body).toMatchObject({ error: { code: 'unsupported_media_type', details: { files: [{ filename: 'notes.txt', type: 'text/plain' }] } } });
    const size = await prepare(alice, { uploadSessionId: session }, [ok, { filename: 'big.jpg', size: 5 * 1024 * 1024 + 1, type: 'image/jpeg' }]);
    expect(size.status).toBe(413);
    expect(size.body).toMatchObject({ error: { code: 'payload_too_large' } });
    const none = await prepare(alice, { uploadSessionId: session }, []);
    expect(none.status).toBe(400);
    const eleven = await prepare(
      alice,
      { uploadSessionId: session },
      Array.from({ length: 11 }, () => ok),
    );
    expect(eleven.status).toBe(400);
    const both = await alice.json('/api/uploads/prepare', { uploadSessionId: session, listingId: crypto.randomUUID(), files: [ok] });
    expect(both.status).toBe(400);
    expect(await imagesOf(alice, `uploadSessionId=${session}`)).toEqual([]);

    expect(
      (
        await prepare(
          alice,
          { uploadSessionId: session },
          Array.from({ length: 8 }, () => ok),
        )
      ).status,
    ).toBe(201);
    const over = await prepare(alice, { uploadSessionId: session }, [ok, ok, ok]);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ error: { code: 'conflict', details: { existing: 8, requested: 3, max: 10 } } });
    expect(await imagesOf(alice, `uploadSessionId=${session}`)).toHaveLength(8);
  });

  it('keeps filenames out of keys, whatever they contain', async () => {
    const session = await newSession(alice);
    const names = ['../../../etc/passwd.png', 'évil\u202Egnp.exe.png', 'nul\u0000byte.png', '/abs/path.png', 'a'.repeat(255)];
    const res = await prepare(
      alice,
      { uploadSessionId: session },
      names.map((filename) => ({ filename, size: 10, type: 'image/png' })),
    );
    expect(res.status).toBe(201);
    for (const upload of res.body.uploads) expect(upload.key).toMatch(KEY_SHAPE);
    const listed = await alice.json<{ items: { originalFilename: string }[] }>(`/api/images?uploadSessionId=${session}`);
    expect(listed.body.items.map((i) => i.originalFilename)).toEqual([
      '../../../etc/passwd.png',
      'évilgnp.exe.png',
      'nulbyte.png',
      '/abs/path.png',
      'a'.repeat(255),
    ]);
  });

  it('uploads into a listing under listings/<id>/', async () => {
    const listing = await alice.json<{ id: string }>('/api/listings', { title: 'Boat' });
    const { results } = await uploadImages(alice, { listingId: listing.body.id }, [{ filename: 'b.png', type: 'image/png', bytes: makePng(20, 10) }]);
    expect(results[0].status).toBe('uploaded');
    const [image] = await imagesOf(alice, `listingId=${listing.body.id}`);
    expect(image.key).toMatch(new RegExp(`^listings/${listing.body.id}/[0-9a-f-]{36}\\.png$`));
  });

  it("refuses uploads into another user's session or listing with 404", async () => {
    const session = await newSession(alice);
    const listing = await alice.json<{ id: string }>('/api/listings', { title: 'Mine' });
    const file = { filename: 'x.png', size: 10, type: 'image/png' };
    expect((await prepare(mallory, { uploadSessionId: session }, [file])).body).toEqual({ error: { code: 'not_found', message: 'Upload session not found' } });
    const res = await prepare(mallory, { listingId: listing.body.id }, [file]);
    expect(res.status).toBe(404);
  });

  async function uploadOne(bytes: Buffer, type: string, declared = bytes.byteLength) {
    const session = await newSession(alice);
    const prepared = await prepare(alice, { uploadSessionId: session }, [{ filename: 'f', size: declared, type }]);
    const upload = prepared.body.uploads[0];
    return { session, upload };
  }

  it('marks a text file declared as PNG as error and deletes it', async () => {
    const bytes = Buffer.from('hello, this is not a picture at all\n'.repeat(20));
    const { upload } = await uploadOne(bytes, 'image/png');
    expect((await putBytes(upload, bytes)).status).toBe(200);
    const res = await confirm(alice, [upload.imageId]);
    expect(res.body.results[0]).toMatchObject({ imageId: upload.imageId, status: 'error' });
    expect(res.body.results[0].error).toBe('not a supported image');
    expect(await storage.head(upload.key)).toBeNull();
  });

  it('marks SVG declared as PNG as error', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const { upload } = await uploadOne(svg, 'image/png');
    await putBytes(upload, svg);
    expect((await confirm(alice, [upload.imageId])).body.results[0].status).toBe('error');
    expect(await storage.head(upload.key)).toBeNull();
  });

  it('never marks an object of the wrong size uploaded', async () => {
    const png = makePng(30, 30);
    const { upload } = await uploadOne(png, 'image/png', png.byteLength + 5);
    // The signed URL binds the length, so plant the object as a misbehaving client or store would.
    await storage.put({ key: upload.key, body: png, contentType: 'image/png' });
    const res = await confirm(alice, [upload.imageId]);
    expect(res.body.results[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/bytes/) });
  });

  it('never marks an object bigger than declared uploaded', async () => {
    const png = makePng(30, 30);
    const { upload } = await uploadOne(png, 'image/png', png.byteLength - 5);
    await storage.put({ key: upload.key, body: png, contentType: 'image/png' });
    const res = await confirm(alice, [upload.imageId]);
    expect(res.body.results[0]).toMatchObject({ status: 'error', error: `Expected ${png.byteLength - 5} bytes, storage has more` });
  });

  it('marks a missing object as error', async () => {
    const { upload } = await uploadOne(makePng(5, 5), 'image/png');
    const res = await confirm(alice, [upload.imageId]);
    expect(res.body.results[0]).toMatchObject({ status: 'error', error: 'The upload never arrived' });
  });

  it('refuses a 20,000 × 20,000 PNG bomb', async () => {
    const bomb = makePngBomb(20_000, 20_000);
    const { upload } = await uploadOne(bomb, 'image/png');
    await putBytes(upload, bomb);
    const res = await confirm(alice, [upload.imageId]);
    expect(res.body.results[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/megapixel|pixel/i) });
    expect(await storage.head(upload.key)).toBeNull();
  });

  it('serves a GPS-tagged, orientation-6 JPEG without metadata and upright', async () => {
    const jpeg = await makeJpegWithExif({ width: 600, height: 400, orientation: 6, gps: true });
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const { upload } = await uploadOne(jpeg, 'image/jpeg');
    await putBytes(upload, jpeg);
    const res = await confirm(alice, [upload.imageId]);
    expect(res.body.results[0]).toMatchObject({ status: 'uploaded', width: 400, height: 600 });
    const image = (await alice.json<ImageAnswer>(`/api/images/${upload.imageId}`)).body;
    for (const url of [image.url, image.thumbnailUrl]) {
      const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      expect(meta.height!).toBeGreaterThan(meta.width!);
      expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
    }
  });

  it('handles CMYK JPEG, 16-bit PNG and HEIC (converted to JPEG)', async () => {
    const session = await newSession(alice);
    const files = [
      { filename: 'cmyk.jpg', type: 'image/jpeg', bytes: await makeCmykJpeg() },
      { filename: 'deep.png', type: 'image/png', bytes: await make16BitPng() },
      { filename: 'phone.heic', type: 'image/heic', bytes: await makeHeic() },
    ];
    const { ids, results } = await uploadImages(alice, { uploadSessionId: session }, files);
    expect(results.map((r) => r.status)).toEqual(['uploaded', 'uploaded', 'uploaded']);
    const heic = (await alice.json<ImageAnswer>(`/api/images/${ids[2]}`)).body;
    expect(heic.mimeType).toBe('image/jpeg');
    expect(heic.key).toMatch(/\.jpg$/);
    const served = Buffer.from(await (await fetch(heic.url)).arrayBuffer());
    expect((await sharp(served).metadata()).format).toBe('jpeg');
  });

  it('is harmless to confirm twice, or twice at once', async () => {
    const session = await newSession(alice);
    const png = makePng(50, 40);
    const prepared = await prepare(alice, { uploadSessionId: session }, [{ filename: 'p.png', size: png.byteLength, type: 'image/png' }]);
    const upload = prepared.body.uploads[0];
    await putBytes(upload, png);
    const [a, b] = await Promise.all([confirm(alice, [upload.imageId]), confirm(alice, [upload.imageId])]);
    expect([a.body.results[0].status, b.body.results[0].status]).toEqual(['uploaded', 'uploaded']);
    expect(a.body.updatedCount + b.body.updatedCount).toBe(1);
    const again = await confirm(alice, [upload.imageId]);
    expect(again.body).toMatchObject({ results: [{ status: 'uploaded', width: 50, height: 40 }], updatedCount: 0, totalRequested: 1 });
  });

  it("changes nothing when confirming another user's image", async () => {
    const { upload } = await uploadOne(makePng(5, 5), 'image/png');
    await putBytes(upload, makePng(5, 5));
    const res = await confirm(mallory, [upload.imageId]);
    expect(res.body).toMatchObject({ results: [{ imageId: upload.imageId, status: 'not_found' }], updatedCount: 0 });
    expect((await alice.json<{ status: string }>(`/api/images/${upload.imageId}`)).body.status).toBe('uploading');
  });
});
