// Checkout over HTTP, and what each payment event does to a listing: opening a checkout (by
// session or by listing), expiry and failure back to draft, delayed payment, superseded and
// doubly paid checkouts, cancelling, deleting, and the public listing once published.
// The webhook's signatures and exactly-once promotion are in payment-webhook.int.test.ts.
import { beforeAll, expect, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makePng } from '@/test/fixtures/images';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import type { Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { checkoutEvent, deliver } from '../infra/payments';
import { checkoutAgain, expectPromoted, listingOf, pendingListing, type Listing } from '../infra/checkouts';
import { listKeys } from '@/test/infra/storage-keys';

describeApp('checkout lifecycle', { users: 2 }, (suite) => {
  let app: RunningApp;
  let storage: StorageDriver;
  let alice: Client;
  let mallory: Client;
  beforeAll(() => {
    ({ app, storage } = suite);
    [alice, mallory] = suite.users;
  });

  it("opens a checkout only for the owner's non-empty, unbound session", async () => {
    const empty = await newSession(alice);
    expect((await alice.json('/api/checkout', { uploadSessionId: empty, title: 'x' })).status).toBe(409);
    expect((await alice.json('/api/checkout', { uploadSessionId: empty })).status).toBe(400);
    const p = await pendingListing(alice, 1);
    expect(p.checkoutUrl).toBe(`${app.url}/checkout/test/${p.listingId}`);
    expect(await listingOf(alice, p.listingId)).toMatchObject({
      status: 'pending_payment',
      checkoutUrl: p.checkoutUrl,
      checkoutSessionId: expect.stringMatching(/^cs_local_[0-9a-f]{24}$/),
    });
    // At most one open checkout: asking again, by session or by listing, returns it.
    const again = await alice.json('/api/checkout', { uploadSessionId: p.uploadSessionId, title: 'again' });
    expect(again).toMatchObject({ status: 201, body: { listingId: p.listingId, checkoutUrl: p.checkoutUrl } });
    expect((await alice.json('/api/checkout', { listingId: p.listingId })).body).toEqual({ listingId: p.listingId, checkoutUrl: p.checkoutUrl });
    expect(await listingOf(alice, p.listingId)).toMatchObject({ title: 'Harbour view', checkoutSessionId: p.checkoutSessionId });
    const other = await newSession(alice);
    await uploadImages(alice, { uploadSessionId: other }, [{ filename: 'a.png', type: 'image/png', bytes: makePng(5, 5) }]);
    expect((await mallory.json('/api/checkout', { uploadSessionId: other, title: 'mine now' })).status).toBe(404);
    // A checked-out session takes no more uploads.
    const more = await alice.json('/api/uploads/prepare', { uploadSessionId: p.uploadSessionId, files: [{ filename: 'b.png', size: 10, type: 'image/png' }] });
    expect(more.status).toBe(409);
  });

  it('sends an expired or failed checkout back to draft with every image, payable again', async () => {
    for (const type of ['checkout.session.expired', 'checkout.session.async_payment_failed']) {
      const p = await pendingListing(alice, 2);
      expect((await deliver(app, checkoutEvent(type, p))).body).toMatchObject({ outcome: 'processed' });
      const draft = await listingOf(alice, p.listingId);
      expect(draft).toMatchObject({ status: 'draft', checkoutUrl: null, checkoutSessionId: null, uploadSessionId: p.uploadSessionId });
      expect(draft.images.map((i) => i.id)).toEqual(p.order);
      for (const image of draft.images) expect(await storage.head(image.key)).not.toBeNull();
      // A draft again: it takes more images, and checks out anew with a new checkout.
      await uploadImages(alice, { uploadSessionId: p.uploadSessionId }, [{ filename: 'later.png', type: 'image/png', bytes: makePng(9, 9) }]);
      const next = await checkoutAgain(alice, p);
      expect(next.checkoutSessionId).not.toBe(p.checkoutSessionId);
      expect((await deliver(app, checkoutEvent('checkout.session.completed', next))).status).toBe(200);
      const published = await listingOf(alice, p.listingId);
      expect(published.status).toBe('published');
      expect(published.images).toHaveLength(3);
    }
  });

  it('waits on a completed but unpaid checkout until the delayed payment succeeds', async () => {
    const p = await pendingListing(alice, 2);
    const unpaid = checkoutEvent('checkout.session.completed', { ...p, paymentStatus: 'unpaid' });
    expect((await deliver(app, unpaid)).body).toMatchObject({ outcome: 'processed' });
    expect((await deliver(app, unpaid)).body).toMatchObject({ outcome: 'duplicate' });
    expect((await listingOf(alice, p.listingId)).status).toBe('pending_payment');
    expect((await fetch(`${app.url}/api/public/listings/${p.listingId}`)).status).toBe(404);
    expect((await alice.fetch(`/api/listings/${p.listingId}`, { method: 'DELETE' })).status).toBe(409);
    expect((await deliver(app, checkoutEvent('checkout.session.async_payment_succeeded', p))).body).toMatchObject({ outcome: 'processed' });
    await expectPromoted(alice, storage, p);

    // A delayed payment that fails instead returns the listing to draft.
    const q = await pendingListing(alice, 1);
    await deliver(app, checkoutEvent('checkout.session.completed', { ...q, paymentStatus: 'unpaid' }));
    await deliver(app, checkoutEvent('checkout.session.async_payment_failed', q));
    expect(await listingOf(alice, q.listingId)).toMatchObject({ status: 'draft', images: [{ id: q.order[0] }] });
  });

  it('publishes once for a superseded checkout paid late, and for two checkouts both paid', async () => {
    // Cancelled, then the old checkout is paid after all.
    const a = await pendingListing(alice, 2);
    expect((await alice.json(`/api/listings/${a.listingId}/cancel-checkout`, {})).status).toBe(200);
    expect((await deliver(app, checkoutEvent('checkout.session.completed', a))).body).toMatchObject({ outcome: 'processed' });
    await expectPromoted(alice, storage, a);

    // Cancelled, checked out again, and both checkouts paid (in either order, concurrently).
    const b = await pendingListing(alice, 3);
    await alice.json(`/api/listings/${b.listingId}/cancel-checkout`, {});
    const b2 = await checkoutAgain(alice, b);
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () => deliver(app, checkoutEvent('checkout.session.completed', b2, `evt_second_paid_${b.listingId}`))),
      ...Array.from({ length: 3 }, () => deliver(app, checkoutEvent('checkout.session.completed', b, `evt_first_paid_${b.listingId}`))),
    ]);
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(answers.filter((r) => r.body.outcome === 'processed')).toHaveLength(2);
    await expectPromoted(alice, storage, b);
  });

  it('ignores the expiry of a checkout the listing has moved past, and expiry after payment', async () => {
    const p = await pendingListing(alice, 1);
    await alice.json(`/api/listings/${p.listingId}/cancel-checkout`, {});
    const open = await checkoutAgain(alice, p);
    // The first checkout's expiry arrives late: the second one stays open.
    expect((await deliver(app, checkoutEvent('checkout.session.expired', p))).status).toBe(200);
    expect(await listingOf(alice, p.listingId)).toMatchObject({
      status: 'pending_payment',
      checkoutSessionId: open.checkoutSessionId,
      checkoutUrl: open.checkoutUrl,
    });
    await deliver(app, checkoutEvent('checkout.session.completed', open));
    await deliver(app, checkoutEvent('checkout.session.expired', open));
    await expectPromoted(alice, storage, p);
  });

  it('cancels a checkout: back to draft with every image, and it can be paid again', async () => {
    const p = await pendingListing(alice, 2);
    const cancelled = await alice.json<Listing>(`/api/listings/${p.listingId}/cancel-checkout`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: p.listingId, status: 'draft', title: 'Harbour view', checkoutUrl: null });
    expect(cancelled.body.images.map((i) => [i.id, i.status])).toEqual(p.order.map((id) => [id, 'uploaded']));
    expect((await alice.json(`/api/listings/${p.listingId}/cancel-checkout`, {})).status).toBe(409);
    expect((await mallory.json(`/api/listings/${p.listingId}/cancel-checkout`, {})).status).toBe(404);
    expect((await alice.json(`/api/listings/${crypto.randomUUID()}/cancel-checkout`, {})).status).toBe(404);
    expect((await alice.json('/api/listings/not-a-uuid/cancel-checkout', {})).status).toBe(400);
    expect((await fetch(`${app.url}/api/listings/${p.listingId}/cancel-checkout`, { method: 'POST' })).status).toBe(401);
    const foreign = await alice.fetch(`/api/listings/${p.listingId}/cancel-checkout`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const again = await checkoutAgain(alice, p);
    expect(again.checkoutUrl).toBe(`${app.url}/checkout/test/${p.listingId}`);
    // The test checkout's own buttons: "Cancel" cancels, "Pay" publishes.
    expect((await alice.json(`/api/checkout/test/${p.listingId}`, { outcome: 'cancelled' })).status).toBe(200);
    expect((await listingOf(alice, p.listingId)).status).toBe('draft');
    expect((await alice.json(`/api/checkout/test/${p.listingId}`, { outcome: 'paid' })).status).toBe(409);
    await checkoutAgain(alice, p);
    expect((await alice.json(`/api/checkout/test/${p.listingId}`, { outcome: 'paid' })).body).toEqual({ redirectUrl: `/listings/${p.listingId}` });
    await expectPromoted(alice, storage, p);
    expect((await alice.json(`/api/listings/${p.listingId}/cancel-checkout`, {})).status).toBe(409);
  });

  it('refuses to delete a listing whose payment is pending; deletes it once cancelled', async () => {
    const p = await pendingListing(alice, 2);
    const refused = await alice.json(`/api/listings/${p.listingId}`, undefined, { method: 'DELETE' });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    const kept = await listingOf(alice, p.listingId);
    expect(kept.images).toHaveLength(2);
    for (const image of kept.images) expect(await storage.head(image.key)).not.toBeNull();
    await alice.json(`/api/listings/${p.listingId}/cancel-checkout`, {});
    expect((await alice.fetch(`/api/listings/${p.listingId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await alice.json(`/api/listings/${p.listingId}`)).status).toBe(404);
    for (const image of kept.images) {
      expect(await storage.head(image.key)).toBeNull();
      expect(await storage.head(image.thumbnailKey)).toBeNull();
    }
    expect(await listKeys(storage, `temp/${p.uploadSessionId}/`)).toEqual([]);
    // A payment that still arrives for it has nowhere to go: refused, nothing made.
    expect((await deliver(app, checkoutEvent('checkout.session.completed', p))).status).toBe(400);
    expect(await listKeys(storage, `listings/${p.listingId}/`)).toEqual([]);
  });

  it('checks out a listing by id, with its title and at least one image, once', async () => {
    const made = await alice.json<Listing>('/api/listings', { title: '' });
    expect(made).toMatchObject({ status: 201, body: { status: 'draft', title: '' } });
    const { id, uploadSessionId } = made.body;
    expect((await alice.json('/api/checkout', { listingId: id })).body).toMatchObject({
      error: { code: 'conflict', message: 'Give the listing a title before checking out' },
    });
    await alice.json(`/api/listings/${id}`, { title: 'Barn' }, { method: 'PATCH' });
    expect((await alice.json('/api/checkout', { listingId: id })).body).toMatchObject({
      error: { code: 'conflict', message: 'Upload at least one image before checking out' },
    });
    await uploadImages(alice, { uploadSessionId }, [{ filename: 'barn.png', type: 'image/png', bytes: makePng(10, 10) }]);
    expect((await mallory.json('/api/checkout', { listingId: id })).status).toBe(404);
    expect((await alice.json('/api/checkout', { listingId: 'nope' })).status).toBe(400);
    expect((await alice.json('/api/checkout', {})).status).toBe(400);
    expect((await fetch(`${app.url}/api/checkout`, { method: 'POST', body: JSON.stringify({ listingId: id }) })).status).toBe(401);
    const opened = await Promise.all(Array.from({ length: 5 }, () => alice.json<{ checkoutUrl: string }>('/api/checkout', { listingId: id })));
    expect(opened.map((o) => o.status)).toEqual(Array(5).fill(201));
    expect(new Set(opened.map((o) => o.body.checkoutUrl)).size).toBe(1);
    const listing = await listingOf(alice, id);
    expect(listing).toMatchObject({ status: 'pending_payment', checkoutUrl: opened[0].body.checkoutUrl });
    // Awaiting payment: no more uploads, no rename to nothing.
    expect((await alice.json('/api/uploads/prepare', { uploadSessionId, files: [{ filename: 'b.png', size: 10, type: 'image/png' }] })).status).toBe(409);
    expect((await alice.json(`/api/listings/${id}`, { title: '' }, { method: 'PATCH' })).status).toBe(400);
    await deliver(app, checkoutEvent('checkout.session.completed', { listingId: id, uploadSessionId, checkoutSessionId: listing.checkoutSessionId }));
    expect((await listingOf(alice, id)).status).toBe('published');
    expect((await alice.json('/api/checkout', { listingId: id })).status).toBe(409);
  });

  it('shows only published listings publicly, to anyone', async () => {
    const draft = (await alice.json<{ id: string }>('/api/listings', { title: 'Draft' })).body.id;
    const pending = await pendingListing(alice, 1);
    const expired = await pendingListing(alice, 1);
    await deliver(app, checkoutEvent('checkout.session.expired', expired));
    const published = await pendingListing(alice, 2);
    await deliver(app, checkoutEvent('checkout.session.completed', published));
    for (const id of [draft, pending.listingId, expired.listingId, crypto.randomUUID(), 'not-a-uuid']) {
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
    expect(Object.keys(body.images[0]).sort()).toEqual(['caption', 'height', 'id', 'placeholder', 'srcset', 'thumbnailUrl', 'url', 'width']);
    expect((await fetch(body.images[0].url)).status).toBe(200);
    const page = await fetch(`${app.url}/p/${published.listingId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Harbour view');
  });
});
