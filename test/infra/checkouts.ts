// Listings checked out over HTTP, as the payments and drafts suites drive them.
import { expect } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { listKeys } from '@/test/infra/storage-keys';
import { makePng } from '@/test/fixtures/images';
import type { Client } from './client';
import { newSession, uploadImages } from './uploads';

export type Listing = {
  id: string;
  status: string;
  title: string;
  uploadSessionId: string;
  checkoutSessionId: string | null;
  checkoutUrl: string | null;
  images: { id: string; key: string; thumbnailKey: string; caption: string; position: number; status: string }[];
};

/** An upload session with `count` uploaded images (captioned, reordered) checked out. */
export async function pendingListing(client: Client, count = 3) {
  const uploadSessionId = await newSession(client);
  const { ids } = await uploadImages(
    client,
    { uploadSessionId },
    Array.from({ length: count }, (_, n) => ({ filename: `img${n}.png`, type: 'image/png', bytes: makePng(20 + n, 20) })),
  );
  const order = [...ids].reverse();
  await client.json('/api/images/reorder', { uploadSessionId, imageIds: order });
  for (const [n, id] of order.entries()) await client.json(`/api/images/${id}`, { caption: `caption ${n}` }, { method: 'PATCH' });
  const checkout = await client.json<{ listingId: string; checkoutUrl: string }>('/api/checkout', { uploadSessionId, title: 'Harbour view' });
  if (checkout.status !== 201) throw new Error(`checkout ${checkout.status} ${JSON.stringify(checkout.body)}`);
  const { checkoutSessionId } = (await client.json<Listing>(`/api/listings/${checkout.body.listingId}`)).body;
  return { uploadSessionId, listingId: checkout.body.listingId, checkoutUrl: checkout.body.checkoutUrl, checkoutSessionId, order };
}

/** Checks the listing out again (by id) and returns the new open checkout. */
export async function checkoutAgain(client: Client, p: { listingId: string; uploadSessionId: string }) {
  const res = await client.json<{ listingId: string; checkoutUrl: string }>('/api/checkout', { listingId: p.listingId });
  if (res.status !== 201) throw new Error(`checkout ${res.status} ${JSON.stringify(res.body)}`);
  const { checkoutSessionId } = (await client.json<Listing>(`/api/listings/${p.listingId}`)).body;
  return { ...p, checkoutUrl: res.body.checkoutUrl, checkoutSessionId };
}

export const listingOf = async (client: Client, id: string) => (await client.json<Listing>(`/api/listings/${id}`)).body;

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
