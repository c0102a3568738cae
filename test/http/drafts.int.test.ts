// Draft listings over HTTP: made with their upload session, listed first with when they would
// be abandoned, resumed, renamed, deleted; clean-up keeps young drafts and payable listings,
// and abandons a draft untouched for DRAFT_MAX_AGE_DAYS (the clock moved by rows' timestamps);
// and the free test checkout only where it is allowed.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { makePng } from '@/test/fixtures/images';
import { startApp, storageOf, type RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import { signUp, type Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { listingOf, pendingListing, type Listing } from '../infra/checkouts';
import { listKeys } from '@/test/infra/storage-keys';

const DAY = 24 * 3600_000;
type Card = Listing & { imageCount: number; coverImageId: string | null; abandonAt: string | null; updatedAt: string };

const png = (name: string, n = 12) => ({ filename: name, type: 'image/png', bytes: makePng(n, n) });

async function draftWithImages(client: Client, title: string, count: number) {
  const made = await client.json<Listing>('/api/listings', { title });
  if (made.status !== 201) throw new Error(`draft ${made.status}`);
  const { ids } = await uploadImages(
    client,
    { uploadSessionId: made.body.uploadSessionId },
    Array.from({ length: count }, (_, n) => png(`${title}-${n}.png`, 10 + n)),
  );
  return { ...made.body, ids };
}

describeApp(
  'draft listings',
  {
    users: 2,
    // Embedded mode has the test checkout whatever ALLOW_TEST_CHECKOUT says.
    env: (config): Record<string, string> => (config.database === 'pglite' ? { ALLOW_TEST_CHECKOUT: 'false' } : {}),
  },
  (suite) => {
    let app: RunningApp;
    let storage: StorageDriver;
    let alice: Client;
    let mallory: Client;
    const cron = (body: unknown) =>
      fetch(`${app.url}/api/cleanup/temp-images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.env.CRON_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));

    beforeAll(() => {
      ({
        app,
        storage,
        users: [alice, mallory],
      } = suite);
    });

    it('makes a draft with its own upload session and resumes it with every image', async () => {
      const made = await alice.json<Card>('/api/listings', { title: '  Lake house  ' });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        status: 'draft',
        title: 'Lake house',
        uploadSessionId: expect.stringMatching(/^sess_\d{13}_[0-9a-f]+$/),
        checkoutUrl: null,
      });
      expect(Date.parse(made.body.abandonAt!) - Date.parse(made.body.updatedAt)).toBe(7 * DAY);
      const { uploadSessionId } = made.body;
      const { ids } = await uploadImages(alice, { uploadSessionId }, [png('one.png'), png('two.png', 14)]);
      const resumed = await listingOf(alice, made.body.id);
      expect(resumed.images.map((i) => i.id)).toEqual(ids);
      expect(resumed.images.every((i) => i.key.startsWith(`temp/${uploadSessionId}/`))).toBe(true);
      // The same images through the session, as /listings/new shows them.
      const viaSession = await alice.json<{ items: { id: string }[] }>(`/api/images?uploadSessionId=${uploadSessionId}`);
      expect(viaSession.body.items.map((i) => i.id)).toEqual(ids);
      expect((await mallory.json(`/api/listings/${made.body.id}`)).status).toBe(404);
      expect((await mallory.json('/api/uploads/prepare', { uploadSessionId, files: [{ filename: 'x.png', size: 10, type: 'image/png' }] })).status).toBe(404);
      expect((await fetch(`${app.url}/api/listings`)).status).toBe(401);
      expect((await alice.json('/api/listings', {})).status).toBe(400);
      expect((await alice.json('/api/listings', { title: 7 })).status).toBe(400);
    });

    it('lists drafts first, each with its cover, count and when it would be abandoned', async () => {
      const client = await signUp(app.url);
      const older = await draftWithImages(client, 'Older draft', 2);
      const pending = await pendingListing(client, 1);
      const newer = await draftWithImages(client, 'Newer draft', 3);
      const empty = (await client.json<Card>('/api/listings', { title: '' })).body;
      const { body } = await client.json<{ items: Card[] }>('/api/listings');
      expect(body.items.map((l) => l.id)).toEqual([empty.id, newer.id, older.id, pending.listingId]);
      expect(body.items.map((l) => l.imageCount)).toEqual([0, 3, 2, 1]);
      expect(body.items.map((l) => l.coverImageId)).toEqual([null, newer.ids[0], older.ids[0], pending.order[0]]);
      expect(body.items[3]).toMatchObject({ status: 'pending_payment', abandonAt: null, checkoutUrl: pending.checkoutUrl });
      // Each card's count is its page's count.
      for (const card of body.items) expect((await listingOf(client, card.id)).images).toHaveLength(card.imageCount);
      // A change moves the date on: a caption here, DRAFT_MAX_AGE_DAYS after it.
      const captioned = await client.json<{ updatedAt: string }>(`/api/images/${older.ids[1]}`, { caption: 'porch' }, { method: 'PATCH' });
      const after = (await client.json<{ items: Card[] }>('/api/listings')).body.items.find((l) => l.id === older.id)!;
      expect(Date.parse(after.abandonAt!)).toBe(Date.parse(captioned.body.updatedAt) + 7 * DAY);
      expect(Date.parse(after.abandonAt!)).toBeGreaterThanOrEqual(Date.parse(body.items[2].abandonAt!));
    });

    it('renames a draft (empty allowed while a draft) and deletes it with its images and objects', async () => {
      const draft = await draftWithImages(alice, 'Rename me', 2);
      const renamed = await alice.json<Listing>(`/api/listings/${draft.id}`, { title: 'Renamed' }, { method: 'PATCH' });
      expect(renamed).toMatchObject({ status: 200, body: { title: 'Renamed', status: 'draft' } });
      expect((await alice.json<Listing>(`/api/listings/${draft.id}`, { title: ' ' }, { method: 'PATCH' })).body.title).toBe('');
      expect((await alice.json(`/api/listings/${draft.id}`, { title: 'x'.repeat(201) }, { method: 'PATCH' })).status).toBe(400);
      expect((await alice.json(`/api/listings/${draft.id}`, {}, { method: 'PATCH' })).status).toBe(400);
      expect((await alice.json('/api/listings/nope', { title: 'x' }, { method: 'PATCH' })).status).toBe(400);
      expect((await mallory.json(`/api/listings/${draft.id}`, { title: 'mine' }, { method: 'PATCH' })).status).toBe(404);
      expect((await mallory.json(`/api/listings/${draft.id}`, undefined, { method: 'DELETE' })).status).toBe(404);
      const images = (await listingOf(alice, draft.id)).images;
      expect((await alice.fetch(`/api/listings/${draft.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await alice.json(`/api/listings/${draft.id}`)).status).toBe(404);
      expect((await alice.fetch(`/api/listings/${draft.id}`, { method: 'DELETE' })).status).toBe(404);
      for (const image of images) expect((await alice.json(`/api/images/${image.id}`)).status).toBe(404);
      expect(await listKeys(storage, `temp/${draft.uploadSessionId}/`)).toEqual([]);
      expect((await alice.json(`/api/images?uploadSessionId=${draft.uploadSessionId}`)).status).toBe(404);
    });

    it("clean-up never removes a young draft's images nor a payable listing's, whatever the threshold", async () => {
      const draft = await draftWithImages(alice, 'Young draft', 2);
      const pending = await pendingListing(alice, 1);
      const loose = await newSession(alice);
      await uploadImages(alice, { uploadSessionId: loose }, [png('loose.png')]);
      const swept = await cron({ action: 'cleanup-old', hoursOld: 0 });
      expect(swept.status).toBe(200);
      expect(await listKeys(storage, `temp/${loose}/`)).toEqual([]);
      for (const id of [draft.id, pending.listingId]) {
        const listing = await listingOf(alice, id);
        expect(listing.images.length, id).toBeGreaterThan(0);
        for (const image of listing.images) expect(await storage.head(image.key)).not.toBeNull();
      }
      expect((await listingOf(alice, draft.id)).status).toBe('draft');
      // Nor by the operator's broader actions.
      expect((await cron({ action: 'delete-session', uploadSessionId: draft.uploadSessionId })).status).toBe(409);
      expect((await cron({ action: 'delete-session', uploadSessionId: pending.uploadSessionId })).status).toBe(409);
      expect((await cron({ action: 'delete-all', confirm: 'delete-all-temp-images' })).status).toBe(200);
      expect((await listingOf(alice, draft.id)).images).toHaveLength(2);
      expect((await listingOf(alice, pending.listingId)).images).toHaveLength(1);
      expect(await listKeys(storage, `temp/${draft.uploadSessionId}/`)).toHaveLength(4);
    });

    it('opens the test checkout in embedded mode even with ALLOW_TEST_CHECKOUT=false', async () => {
      const p = await pendingListing(alice, 1);
      expect(p.checkoutUrl).toBe(`${app.url}/checkout/test/${p.listingId}`);
      expect((await alice.fetch(`/checkout/test/${p.listingId}`)).status).toBe(200);
    });
  },
);

describe.runIf(inject('pgAdminUrl') && inject('s3'))("draft age on PostgreSQL + S3 (the clock moved by rows' timestamps)", () => {
  let app: RunningApp;
  let storage: StorageDriver;
  let sql: postgres.Sql;
  let alice: Client;

  beforeAll(async () => {
    app = await startApp({ database: 'postgres', storage: 's3', pgAdminUrl: inject('pgAdminUrl'), s3: inject('s3'), env: { ALLOW_TEST_CHECKOUT: '' } });
    storage = await storageOf(app);
    sql = postgres(app.databaseUrl!, { max: 1, onnotice: () => {} });
    alice = await signUp(app.url);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.stop();
  });

  /** Everything about a listing and its session happened `days` ago. */
  async function age(listing: { id: string; uploadSessionId: string }, days: number) {
    const at = new Date(Date.now() - days * DAY);
    await sql`update listings set created_at = ${at}, updated_at = ${at} where id = ${listing.id}`;
    await sql`update upload_sessions set created_at = ${at}, updated_at = ${at} where id = ${listing.uploadSessionId}`;
    await sql`update images set created_at = ${at}, updated_at = ${at} where upload_session_id = ${listing.uploadSessionId} or listing_id = ${listing.id}`;
  }

  it('abandons a draft untouched for DRAFT_MAX_AGE_DAYS and cleans its images; a change or a checkout keeps it', async () => {
    const stale = await draftWithImages(alice, 'Stale', 2);
    const touched = await draftWithImages(alice, 'Touched', 2);
    const nearly = await draftWithImages(alice, 'Six days', 1);
    // Made in the embedded test checkout's absence: payable rows are planted as a checkout makes them.
    const pending = await draftWithImages(alice, 'Pending', 1);
    await sql`update listings set status = 'pending_payment', checkout_session_id = 'cs_planted', checkout_url = 'https://pay.example/x' where id = ${pending.id}`;
    for (const l of [stale, touched, pending]) await age(l, 8);
    await age(nearly, 6);
    await alice.json(`/api/images/${touched.ids[0]}`, { caption: 'still working on it' }, { method: 'PATCH' });
    const staleImages = (await listingOf(alice, stale.id)).images;

    const dry = await fetch(`${app.url}/api/cron/cleanup?dryRun=true`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } });
    expect((await dry.json()).found).toBe(2);
    expect((await listingOf(alice, stale.id)).status).toBe('draft');

    const run = await fetch(`${app.url}/api/cron/cleanup`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } });
    expect(await run.json()).toMatchObject({ found: 2, deleted: 2, failed: 0 });
    expect(await listingOf(alice, stale.id)).toMatchObject({ status: 'abandoned', images: [] });
    for (const image of staleImages) {
      expect(await storage.head(image.key)).toBeNull();
      expect(await storage.head(image.thumbnailKey)).toBeNull();
    }
    for (const [l, n] of [
      [touched, 2],
      [nearly, 1],
      [pending, 1],
    ] as const) {
      const kept = await listingOf(alice, l.id);
      expect(kept.images, l.title).toHaveLength(n);
      for (const image of kept.images) expect(await storage.head(image.key)).not.toBeNull();
    }
    expect((await listingOf(alice, touched.id)).status).toBe('draft');
    expect((await listingOf(alice, pending.id)).status).toBe('pending_payment');
    const cards = (await alice.json<{ items: Card[] }>('/api/listings')).body.items;
    expect(cards.find((c) => c.id === stale.id)).toMatchObject({ status: 'abandoned', imageCount: 0, abandonAt: null });
    expect(Date.parse(cards.find((c) => c.id === nearly.id)!.abandonAt!) - Date.now()).toBeLessThan(1.01 * DAY);
  });

  it('keeps a session without a draft while any of it changed within the 2 hours', async () => {
    const session = await newSession(alice);
    const { ids } = await uploadImages(alice, { uploadSessionId: session }, [png('early.png'), png('late.png', 13)]);
    const threeHours = new Date(Date.now() - 3 * 3600_000);
    await sql`update upload_sessions set created_at = ${threeHours}, updated_at = ${threeHours} where id = ${session}`;
    await sql`update images set created_at = ${threeHours}, updated_at = ${threeHours} where id = ${ids[0]}`;
    await fetch(`${app.url}/api/cron/cleanup`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } });
    expect((await alice.json<{ items: unknown[] }>(`/api/images?uploadSessionId=${session}`)).body.items).toHaveLength(2);
    await sql`update images set updated_at = ${threeHours} where id = ${ids[1]}`;
    await fetch(`${app.url}/api/cron/cleanup`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } });
    expect((await alice.json<{ items: unknown[] }>(`/api/images?uploadSessionId=${session}`)).body.items).toHaveLength(0);
  });

  it('has no test checkout without STRIPE_SECRET_KEY unless ALLOW_TEST_CHECKOUT=true', async () => {
    const draft = await draftWithImages(alice, 'Unsellable', 1);
    const refused = await alice.json('/api/checkout', { listingId: draft.id });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'unavailable', message: expect.stringContaining('STRIPE_SECRET_KEY') } });
    expect((await alice.json('/api/checkout', { uploadSessionId: draft.uploadSessionId, title: 'x' })).status).toBe(503);
    expect((await listingOf(alice, draft.id)).status).toBe('draft');
    expect((await alice.fetch(`/checkout/test/${draft.id}`)).status).toBe(404);
    expect((await alice.json(`/api/checkout/test/${draft.id}`, { outcome: 'paid' })).status).toBe(404);
  });
});
