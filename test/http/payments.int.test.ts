// Checkout and the payment webhook over HTTP: signatures, exactly-once promotion under
// concurrent and late redelivery, expiry, and the public listing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makePng } from '@/lib/images/test-images';
import { APP_CONFIGS, startApp, storageOf, type RunningApp } from '../infra/app';
import { signUp, type Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { checkoutEvent, deliver, sign } from '../infra/payments';

type Listing = { id: string; status: string; images: { id: string; key: string; thumbnailKey: string; caption: string; position: number }[] };

async function listKeys(storage: StorageDriver, prefix: string) {
  const keys: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.list(prefix, { cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
}

/** An upload session with `count` uploaded images (captioned, reordered) checked out. */
export async function pendingListing(client: Client, count = 3) {
  const uploadSessionId = await newSession(client);
  const { ids } = await uploadImages(client, { uploadSessionId }, Array.from({ length: count }, (_, n) => ({ filename: `img${n}.png`, type: 'image/png', bytes: makePng(20 + n, 20) })));
  const order = [...ids].reverse();
  await client.json('/api/images/reorder', { uploadSessionId, imageIds: order });
  for (const [n, id] of order.entries()) await client.json(`/api/images/${id}`, { caption: `caption ${n}` }, { method: 'PATCH' });
  const checkout = await client.json<{ listingId: string; checkoutUrl: string }>('/api/checkout', { uploadSessionId, title: 'Harbour view' });
  if (checkout.status !== 201) throw new Error(`checkout ${checkout.status} ${JSON.stringify(checkout.body)}`);
  return { uploadSessionId, listingId: checkout.body.listingId, checkoutUrl: checkout.body.checkoutUrl, order };
}

export async function expectPromoted(client: Client, storage: StorageDriver, p: { listingId: string; uploadSessionId: string; order: string[] }) {
  const listing = (await client.json<Listing>(`/api/listings/${p.listingId}`)).body;
  expect(listing.status).toBe('published');
  expect(listing.images.map((i) => i.id)).toEqual(p.order);
  expect(listing.images.map((i) => i.caption)).toEqual(p.order.map((_, n) => `caption ${n}`));
  for (const image of listing.images) {
    expect(image.key).toMatch(new RegExp(`^listings/${p.listingId}/${image.id}\\.png$`));
    expect(await storage.head(image.key)).not.toBeNull();
    expect(await storage.head(image.thumbnailKey)).not.toBeNull();
  }
  expect((await listKeys(storage, `listings/${p.listingId}/`)).sort()).toEqual(listing.images.flatMap((i) => [i.key, i.thumbnailKey]).sort());
  expect(await listKeys(storage, `temp/${p.uploadSessionId}/`)).toEqual([]);
}

for (const config of APP_CONFIGS) {
  const available = config.database === 'pglite' || (inject('pgAdminUrl') && inject('s3'));
  describe.runIf(available)(`payments on ${config.name}`, () => {
    let app: RunningApp;
    let storage: StorageDriver;
    let alice: Client;
    let mallory: Client;

    beforeAll(async () => {
      app = await startApp({ database: config.database, storage: config.storage, pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3') });
      storage = await storageOf(app);
      [alice, mallory] = await Promise.all([signUp(app.url), signUp(app.url)]);
    });
    afterAll(async () => app?.stop());

    it('opens a checkout only for the owner\'s non-empty, unbound session', async () => {
      const empty = await newSession(alice);
      expect((await alice.json('/api/checkout', { uploadSessionId: empty, title: 'x' })).status).toBe(409);
      expect((await alice.json('/api/checkout', { uploadSessionId: empty })).status).toBe(400);
      const p = await pendingListing(alice, 1);
      expect(p.checkoutUrl).toBe(`${app.url}/checkout/test/${p.listingId}`);
      expect((await alice.json<{ status: string }>(`/api/listings/${p.listingId}`)).body.status).toBe('pending_payment');
      expect((await alice.json('/api/checkout', { uploadSessionId: p.uploadSessionId, title: 'again' })).status).toBe(409);
      const other = await newSession(alice);
      await uploadImages(alice, { uploadSessionId: other }, [{ filename: 'a.png', type: 'image/png', bytes: makePng(5, 5) }]);
      expect((await mallory.json('/api/checkout', { uploadSessionId: other, title: 'mine now' })).status).toBe(404);
      // A checked-out session takes no more uploads.
      const more = await alice.json('/api/uploads/prepare', { uploadSessionId: p.uploadSessionId, files: [{ filename: 'b.png', size: 10, type: 'image/png' }] });
      expect(more.status).toBe(409);
    });

    it('refuses bad, stale, future and missing signatures and malformed bodies, changing nothing', async () => {
      const p = await pendingListing(alice, 1);
      const event = checkoutEvent('checkout.session.completed', p);
      const payload = JSON.stringify(event);
      const now = Math.floor(Date.now() / 1000);
      const cases = [
        { signature: null },
        { signature: 'garbage' },
        { signature: sign(app, payload, now, 'whsec_wrong_secret_123') },
        { timestamp: now - 400 },
        { timestamp: now + 400 },
      ];
      for (const c of cases) {
        const res = await deliver(app, event, c);
        expect(res.status, JSON.stringify(c)).toBe(400);
        expect(res.body.error.code).toBe('bad_request');
      }
      expect((await deliver(app, '{"id": "evt_x", "type": ')).status).toBe(400);
      expect((await alice.json<{ status: string }>(`/api/listings/${p.listingId}`)).body.status).toBe('pending_payment');
    });

    it('ignores other event types with 200', async () => {
      const res = await deliver(app, { id: 'evt_other_1', object: 'event', type: 'invoice.paid', data: { object: {} } });
      expect(res).toMatchObject({ status: 200, body: { received: true, outcome: 'ignored' } });
    });

    it('accepts a delivery signed with either secret during rotation', async () => {
      const p = await pendingListing(alice, 1);
      const payload = JSON.stringify(checkoutEvent('checkout.session.completed', p));
      const now = Math.floor(Date.now() / 1000);
      const oldSig = sign(app, payload, now, 'whsec_old_secret_0000000').match(/v1=([0-9a-f]+)/)![1];
      const res = await deliver(app, payload, { signature: `${sign(app, payload, now)},v1=${oldSig}` });
      expect(res.status).toBe(200);
      await expectPromoted(alice, storage, p);
    });

    it('promotes once under 20 concurrent deliveries, and a redelivery a day later changes nothing', async () => {
      const p = await pendingListing(alice, 3);
      const event = checkoutEvent('checkout.session.completed', p);
      const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(app, event)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(answers.filter((a) => a.body.outcome === 'processed')).toHaveLength(1);
      await expectPromoted(alice, storage, p);
      const before = (await alice.json<Listing>(`/api/listings/${p.listingId}`)).body;
      const late = await deliver(app, event);
      expect(late).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
      expect((await alice.json<Listing>(`/api/listings/${p.listingId}`)).body).toEqual(before);
      await expectPromoted(alice, storage, p);
    });

    it('abandons on expiry, ignores expiry after payment, publishes on payment after expiry', async () => {
      const a = await pendingListing(alice, 1);
      expect((await deliver(app, checkoutEvent('checkout.session.expired', a))).status).toBe(200);
      expect((await alice.json<Listing>(`/api/listings/${a.listingId}`)).body.status).toBe('abandoned');
      expect((await deliver(app, checkoutEvent('checkout.session.completed', a))).status).toBe(200);
      await expectPromoted(alice, storage, a);

      const b = await pendingListing(alice, 1);
      await deliver(app, checkoutEvent('checkout.session.completed', b));
      await deliver(app, checkoutEvent('checkout.session.expired', b));
      await expectPromoted(alice, storage, b);
    });

    it('shows only published listings publicly, to anyone', async () => {
      const draft = (await alice.json<{ id: string }>('/api/listings', { title: 'Draft' })).body.id;
      const pending = await pendingListing(alice, 1);
      const abandoned = await pendingListing(alice, 1);
      await deliver(app, checkoutEvent('checkout.session.expired', abandoned));
      const published = await pendingListing(alice, 2);
      await deliver(app, checkoutEvent('checkout.session.completed', published));
      for (const id of [draft, pending.listingId, abandoned.listingId, crypto.randomUUID(), 'not-a-uuid']) {
        const res = await fetch(`${app.url}/api/public/listings/${id}`);
        expect(res.status, id).toBe(404);
        expect((await res.json()).error.code).toBe('not_found');
        expect((await fetch(`${app.url}/p/${id}`)).status).toBe(404);
      }
      const res = await fetch(`${app.url}/api/public/listings/${published.listingId}`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(Object.keys(body).sort()).toEqual(['id', 'images', 'publishedAt', 'title']);
      expect(body.images.map((i: { id: string }) => i.id)).toEqual(published.order);
      expect(body.images.map((i: { caption: string }) => i.caption)).toEqual(['caption 0', 'caption 1']);
      expect(Object.keys(body.images[0]).sort()).toEqual(['caption', 'height', 'id', 'placeholder', 'thumbnailUrl', 'url', 'width']);
      expect((await fetch(body.images[0].url)).status).toBe(200);
      const page = await fetch(`${app.url}/p/${published.listingId}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Harbour view');
    });
  });

  describe.runIf(available)(`promotion crash safety on ${config.name}`, () => {
    let app: RunningApp;
    let storage: StorageDriver;
    let alice: Client;
    const points = ['promote:after-copy', 'promote:before-commit', 'promote:after-commit', 'promote:before-temp-delete'];

    beforeAll(async () => {
      // Each point fails once, in order: every redelivery gets one step further.
      app = await startApp({
        database: config.database, storage: config.storage, pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3'),
        env: { IMAGEDOCK_FAILPOINTS: points.map((p) => `${p}:1`).join(',') },
      });
      storage = await storageOf(app);
      alice = await signUp(app.url);
    });
    afterAll(async () => app?.stop());

    it('finishes the promotion on redelivery after a crash at each step, with every image once', async () => {
      const p = await pendingListing(alice, 3);
      const event = checkoutEvent('checkout.session.completed', p);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < points.length; attempt++) statuses.push((await deliver(app, event)).status);
      expect(statuses).toEqual([500, 500, 500, 500]);
      const final = await deliver(app, event);
      expect(final.status).toBe(200);
      await expectPromoted(alice, storage, p);
    });
  });
}
