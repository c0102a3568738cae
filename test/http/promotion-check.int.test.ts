// Promotion publishes only the bytes verified at confirm, even where the store ignores
// CopySourceIfMatch (Ceph RGW does). A confirmed temp object is overwritten behind the app's
// back, the signed payment arrives: the listing is not published, no copy of the other bytes
// is left, the temp objects are all still there, and the failure is loud (409 to the
// provider, the event retried, an error logged, a metric counted). Put back, it publishes.
import { beforeAll, expect, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makePng } from '@/test/fixtures/images';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import type { Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { checkoutEvent, deliver } from '../infra/payments';

type Image = { id: string; key: string; thumbnailKey: string };
type Listing = { id: string; status: string; images: Image[] };

async function keysUnder(storage: StorageDriver, prefix: string) {
  return (await storage.list(prefix)).objects.map((o) => o.key);
}

describeApp('promotion checks what it copied', { users: 1 }, (suite) => {
  let app: RunningApp;
  let storage: StorageDriver;
  let alice: Client;

  beforeAll(() => {
    ({
      app,
      storage,
      users: [alice],
    } = suite);
  });

  it('refuses to publish an image overwritten after confirm, loses nothing, and publishes once it is put back', async () => {
    const uploadSessionId = await newSession(alice);
    const originals = [makePng(24, 24), makePng(30, 20)];
    const { ids } = await uploadImages(
      alice,
      { uploadSessionId },
      originals.map((bytes, n) => ({ filename: `img${n}.png`, type: 'image/png', bytes })),
    );
    const checkout = await alice.json<{ listingId: string }>('/api/checkout', { uploadSessionId, title: 'Tampered' });
    expect(checkout.status).toBe(201);
    const { listingId } = checkout.body;
    const temp = await Promise.all(ids.map(async (id) => (await alice.json<Image>(`/api/images/${id}`)).body));
    const [tampered, untouched] = temp;
    expect(tampered.key).toMatch(new RegExp(`^temp/${uploadSessionId}/`));

    // Other, equally valid PNG bytes of the same type, written straight to the store.
    const other = makePng(24, 24, { alpha: true });
    expect(other.equals(originals[0])).toBe(false);
    await storage.put({ key: tampered.key, body: other, contentType: 'image/png' });

    const event = checkoutEvent('checkout.session.completed', { listingId, uploadSessionId });
    (event.data.object as Record<string, unknown>).payment_status = 'paid';
    const refused = await deliver(app, event);
    expect(refused.status, JSON.stringify(refused.body) + app.output()).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining(tampered.id) });

    // Nothing wrong is published.
    expect((await alice.json<Listing>(`/api/listings/${listingId}`)).body.status).toBe('pending_payment');
    expect((await fetch(`${app.url}/api/public/listings/${listingId}`)).status).toBe(404);
    const copies = await keysUnder(storage, `listings/${listingId}/`);
    expect(copies).not.toContain(`listings/${listingId}/${tampered.id}.png`);
    for (const key of copies) expect((await storage.read(key)).equals(other), key).toBe(false);
    // Nothing is lost: every temp object (originals and thumbnails) is where it was.
    for (const image of temp) {
      expect(await storage.head(image.key), image.key).not.toBeNull();
      expect(await storage.head(image.thumbnailKey), image.thumbnailKey).not.toBeNull();
    }
    expect((await storage.read(tampered.key)).equals(other)).toBe(true);
    expect((await storage.read(untouched.key)).equals(originals[1])).toBe(true);

    // Loud: logged, counted, and the event is not done (a redelivery tries again).
    expect(app.output()).toContain('promotion refused: an image changed after it was confirmed');
    const metrics = await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } })).text();
    expect(metrics).toMatch(/^imagedock_promotion_copy_mismatches_total 1$/m);
    expect(metrics).toMatch(/^imagedock_webhook_events_total\{outcome="failed"\} 1$/m);
    expect((await deliver(app, event)).status).toBe(409);

    // The verified bytes back in place: the same delivery now publishes them, once.
    await storage.put({ key: tampered.key, body: originals[0], contentType: 'image/png' });
    const published = await deliver(app, event);
    expect(published).toMatchObject({ status: 200, body: { outcome: 'processed' } });
    const listing = (await alice.json<Listing>(`/api/listings/${listingId}`)).body;
    expect(listing.status).toBe('published');
    const byId = new Map(listing.images.map((i) => [i.id, i]));
    expect((await storage.read(byId.get(ids[0])!.key)).equals(originals[0])).toBe(true);
    expect((await storage.read(byId.get(ids[1])!.key)).equals(originals[1])).toBe(true);
    expect(await keysUnder(storage, `temp/${uploadSessionId}/`)).toEqual([]);
  });
});
