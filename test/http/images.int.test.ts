// The images and listings API over HTTP: list + pagination, get, download-url, captions,
// reorder, delete, and 404 for everything of another user.
import { beforeAll, expect, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makePng } from '@/test/fixtures/images';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import type { Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';

type Image = {
  id: string;
  key: string;
  thumbnailKey: string;
  caption: string;
  position: number;
  url: string | null;
  thumbnailUrl: string | null;
  status: string;
};

describeApp('images and listings', { users: 2 }, (suite, config) => {
  let app: RunningApp;
  let storage: StorageDriver;
  let alice: Client;
  let mallory: Client;
  let session: string;
  let ids: string[];

  beforeAll(async () => {
    ({
      app,
      storage,
      users: [alice, mallory],
    } = suite);
    session = await newSession(alice);
    ({ ids } = await uploadImages(
      alice,
      { uploadSessionId: session },
      [0, 1, 2, 3].map((n) => ({ filename: `p${n}.png`, type: 'image/png', bytes: makePng(16 + n, 16) })),
    ));
  });

  const list = async (client: Client, query: string) => client.json<{ items: Image[]; nextCursor: string | null }>(`/api/images?${query}`);

  it('validates list parameters', async () => {
    for (const bad of ['limit=0', 'limit=101', 'limit=abc', 'status=done', 'source=x', 'stage=burnt', 'cursor=garbage']) {
      const res = await list(alice, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect((await list(alice, '')).body.items.length).toBeLessThanOrEqual(20);
  });

  it('filters by status and paginates every image exactly once while new ones arrive', async () => {
    const other = await newSession(alice);
    await uploadImages(
      alice,
      { uploadSessionId: other },
      [0, 1, 2, 3, 4, 5].map((n) => ({ filename: `q${n}.png`, type: 'image/png', bytes: makePng(8, 8 + n) })),
    );
    const before = (await list(alice, 'status=uploaded&limit=100')).body.items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(alice, `status=uploaded&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
      if (pages++ === 1)
        await uploadImages(alice, { uploadSessionId: await newSession(alice) }, [{ filename: 'late.png', type: 'image/png', bytes: makePng(9, 9) }]);
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    expect(seen.length).toBeGreaterThan(3);
  });

  it('gets one image and signs a download URL within 1..604800 seconds', async () => {
    const image = (await alice.json<Image>(`/api/images/${ids[0]}`)).body;
    expect(image.id).toBe(ids[0]);
    for (const bad of ['0', '604801', 'x']) {
      expect((await alice.json(`/api/images/${ids[0]}/download-url?expiresIn=${bad}`)).status).toBe(400);
    }
    const res = await alice.json<{ downloadUrl: string; expiresIn: number }>(`/api/images/${ids[0]}/download-url?expiresIn=60`);
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBe(60);
    const download = await fetch(res.body.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
  });

  it('saves captions up to 500 characters', async () => {
    const ok = await alice.json<Image>(`/api/images/${ids[1]}`, { caption: 'c'.repeat(500) }, { method: 'PATCH' });
    expect(ok.status).toBe(200);
    expect(ok.body.caption).toHaveLength(500);
    const long = await alice.json(`/api/images/${ids[1]}`, { caption: 'c'.repeat(501) }, { method: 'PATCH' });
    expect(long.status).toBe(400);
    expect((await alice.json<Image>(`/api/images/${ids[1]}`)).body.caption).toHaveLength(500);
  });

  it('reorders exactly the set, and concurrent reorders leave a permutation', async () => {
    const reversed = [...ids].reverse();
    const res = await alice.json('/api/images/reorder', { uploadSessionId: session, imageIds: reversed });
    expect(res).toMatchObject({ status: 200, body: { imageIds: reversed } });
    expect((await list(alice, `uploadSessionId=${session}`)).body.items.map((i) => i.id)).toEqual(reversed);

    const missing = await alice.json('/api/images/reorder', { uploadSessionId: session, imageIds: reversed.slice(1) });
    expect(missing.status).toBe(400);
    const foreign = await alice.json('/api/images/reorder', { uploadSessionId: session, imageIds: [...reversed.slice(1), crypto.randomUUID()] });
    expect(foreign.status).toBe(400);
    const repeated = await alice.json('/api/images/reorder', { uploadSessionId: session, imageIds: [reversed[0], ...reversed.slice(0, 3)] });
    expect(repeated.status).toBe(400);

    const orders = Array.from({ length: 6 }, (_, n) => [...ids].sort((a, b) => (a.charCodeAt(n) ^ n) - (b.charCodeAt(n) ^ n)));
    const answers = await Promise.all(orders.map((imageIds) => alice.json('/api/images/reorder', { uploadSessionId: session, imageIds })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const final = (await list(alice, `uploadSessionId=${session}`)).body.items;
    expect(final.map((i) => i.position).sort()).toEqual([0, 1, 2, 3]);
    expect(orders.map((o) => o.join())).toContain(final.map((i) => i.id).join());
  });

  it("answers 404 for another user's images, sets and listings, and changes nothing", async () => {
    const listing = await alice.json<{ id: string }>('/api/listings', { title: 'Private' });
    const probes = [
      mallory.json(`/api/images/${ids[0]}`),
      mallory.json(`/api/images/${ids[0]}`, { caption: 'pwned' }, { method: 'PATCH' }),
      mallory.json(`/api/images/${ids[0]}`, undefined, { method: 'DELETE' }),
      mallory.json(`/api/images/${ids[0]}/download-url`),
      mallory.json('/api/images/reorder', { uploadSessionId: session, imageIds: ids }),
      mallory.json(`/api/images?uploadSessionId=${session}`),
      mallory.json(`/api/images?listingId=${listing.body.id}`),
      mallory.json(`/api/listings/${listing.body.id}`),
      mallory.json(`/api/listings/${listing.body.id}`, { title: 'x' }, { method: 'PATCH' }),
      mallory.json(`/api/listings/${listing.body.id}`, undefined, { method: 'DELETE' }),
    ];
    for (const res of await Promise.all(probes)) expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await alice.json<Image>(`/api/images/${ids[0]}`)).body.caption).not.toBe('pwned');
    expect((await alice.json<{ title: string }>(`/api/listings/${listing.body.id}`)).body.title).toBe('Private');
    expect((await list(mallory, '')).body.items).toEqual([]);
  });

  it('exposes Prometheus metrics to the cron secret only, with upload counters that move', async () => {
    expect((await fetch(`${app.url}/api/metrics`)).status).toBe(401);
    expect((await alice.json('/api/metrics')).status).toBe(403);
    const read = async () => {
      const res = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? 0);
      return { text, prepared: value('imagedock_uploads_prepared_total'), confirmed: value('imagedock_uploads_confirmed_total') };
    };
    const before = await read();
    await uploadImages(alice, { uploadSessionId: await newSession(alice) }, [{ filename: 'm.png', type: 'image/png', bytes: makePng(6, 6) }]);
    const after = await read();
    expect(after.prepared).toBe(before.prepared + 1);
    expect(after.confirmed).toBe(before.confirmed + 1);
    expect(after.text).toMatch(/imagedock_http_requests_total\{route="\/api\/images\/:id",method="GET",status="200"\} \d+/);
    expect(after.text).not.toMatch(/route="\/api\/images\/[0-9a-f]{8}-/);
    // The routes that answer without route() are counted too: better-auth's (sign-up,
    // session) and, on local disk, the storage route that took the upload.
    expect(after.text).toMatch(/imagedock_http_requests_total\{route="\/api\/auth\/\*",method="(GET|POST)",status="200"\} \d+/);
    if (config.storage === 'local') expect(after.text).toMatch(/imagedock_http_requests_total\{route="\/api\/storage\/\*",method="PUT",status="200"\} \d+/);
  });

  it('deletes an image with its original and thumbnail', async () => {
    const image = (await alice.json<Image>(`/api/images/${ids[3]}`)).body;
    expect(await storage.head(image.thumbnailKey)).not.toBeNull();
    const res = await alice.fetch(`/api/images/${ids[3]}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect((await alice.json(`/api/images/${ids[3]}`)).status).toBe(404);
    expect(await storage.head(image.key)).toBeNull();
    expect(await storage.head(image.thumbnailKey)).toBeNull();
  });

  it('creates, lists, renames and deletes listings with their images and objects', async () => {
    expect((await alice.json('/api/listings', { title: 'x'.repeat(201) })).status).toBe(400);
    const created = await alice.json<{ id: string; status: string; title: string }>('/api/listings', { title: 'Sailboat' });
    expect(created).toMatchObject({ status: 201, body: { status: 'draft', title: 'Sailboat' } });
    const id = created.body.id;
    await uploadImages(alice, { listingId: id }, [{ filename: 's.png', type: 'image/png', bytes: makePng(12, 12) }]);
    const listed = await alice.json<{ items: { id: string; imageCount: number }[] }>('/api/listings');
    expect(listed.body.items.find((l) => l.id === id)).toMatchObject({ imageCount: 1 });
    const renamed = await alice.json<{ title: string }>(`/api/listings/${id}`, { title: 'Yacht' }, { method: 'PATCH' });
    expect(renamed.body.title).toBe('Yacht');
    const full = await alice.json<{ images: Image[] }>(`/api/listings/${id}`);
    expect(full.body.images).toHaveLength(1);
    const image = full.body.images[0];
    expect((await alice.fetch(`/api/listings/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await alice.json(`/api/listings/${id}`)).status).toBe(404);
    expect((await alice.json(`/api/images/${image.id}`)).status).toBe(404);
    expect(await storage.head(image.key)).toBeNull();
    expect(await storage.head(image.thumbnailKey)).toBeNull();
  });
});
