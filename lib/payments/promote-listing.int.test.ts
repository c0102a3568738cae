// promoteListing on its own: what moves, what stays as it was, and what is deleted.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { images, listings, paymentEvents, webhookDeliveries, webhookEndpoints, webhookEvents } from '@/lib/db/schema';
import { objectExists, seedImage, seedListing, seedSession, seedUser } from '@/test/infra/seed';
import { promoteListing } from './promote-listing';
import { describeStacks, TWO_STACKS } from '@/test/infra/stacks';

describeStacks('promoteListing', TWO_STACKS, (suite, c) => {
  it('moves every uploaded image with its order and caption, drops unfinished uploads, and empties the temp area', async () => {
    const { handle, storage } = suite;
    const { db } = handle;
    const userId = await seedUser(db);
    const session = await seedSession(db, userId);
    const uploaded = [];
    for (const position of [2, 0, 1]) {
      const row = await seedImage(db, storage, { userId, uploadSessionId: session });
      await db
        .update(images)
        .set({ position, caption: `caption ${position}` })
        .where(eq(images.id, row.id));
      uploaded.push({ ...row, position });
    }
    // Uploaded before thumbnails existed: it must not gain a key that names no object.
    const bare = await seedImage(db, storage, { userId, uploadSessionId: session });
    await storage.deleteMany([bare.thumbnailKey!]);
    await db.update(images).set({ thumbnailKey: null, position: 3 }).where(eq(images.id, bare.id));
    // Its bytes (and, from a confirm that died midway, its thumbnail) arrived, but it was
    // never confirmed: not part of what was paid for.
    const unfinished = await seedImage(db, storage, { userId, uploadSessionId: session, status: 'uploading' });
    const listingId = await seedListing(db, userId, 'pending_payment', session);
    const eventId = `evt_promote_${c.db}`;
    await db.insert(paymentEvents).values({ id: eventId, type: 'checkout.session.completed', state: 'processing' });

    await promoteListing(db, storage, { listingId, uploadSessionId: session, eventId });

    const [listing] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(listing.status).toBe('published');
    const [event] = await db.select().from(paymentEvents).where(eq(paymentEvents.id, eventId));
    expect(event).toMatchObject({ state: 'done', listingId });
    const rows = await db.select().from(images).where(eq(images.listingId, listingId)).orderBy(images.position);
    expect(rows.map((r) => r.id)).toEqual([...uploaded.sort((a, b) => a.position - b.position).map((r) => r.id), bare.id]);
    for (const row of rows) {
      expect(row.key).toBe(`listings/${listingId}/${row.id}.png`);
      expect(await objectExists(storage, row.key)).toBe(true);
      if (row.id === bare.id) expect(row.thumbnailKey).toBeNull();
      else {
        expect(row.caption).toBe(`caption ${row.position}`);
        expect(row.thumbnailKey).toBe(`listings/${listingId}/${row.id}.thumb.webp`);
        expect(await objectExists(storage, row.thumbnailKey)).toBe(true);
      }
    }
    expect(await db.select().from(images).where(eq(images.id, unfinished.id))).toEqual([]);
    expect((await storage.list(`temp/${session}/`)).objects).toEqual([]);
  });

  it('reports listing.published with the committed title, byte for byte as every other event, to subscribers only', async () => {
    const { handle, storage } = suite;
    const { db } = handle;
    const userId = await seedUser(db);
    const session = await seedSession(db, userId);
    const image = await seedImage(db, storage, { userId, uploadSessionId: session });
    const listingId = await seedListing(db, userId, 'pending_payment', session);
    // Renamed after checkout began: the event carries the title as published.
    const title = 'Ünïcode "quoted" \\ back\\slash, line\nbreak 🎉 </script>';
    await db.update(listings).set({ title }).where(eq(listings.id, listingId));
    const [subscribed] = await db
      .insert(webhookEndpoints)
      .values({ userId, url: 'https://hooks.example.test/a', events: ['listing.published'], secret: 'whsec_test' })
      .returning();
    await db.insert(webhookEndpoints).values({ userId, url: 'https://hooks.example.test/b', events: ['image.deleted'], secret: 'whsec_test' });
    const eventId = `evt_publish_event_${c.db}`;
    await db.insert(paymentEvents).values({ id: eventId, type: 'checkout.session.completed', state: 'processing' });

    await promoteListing(db, storage, { listingId, uploadSessionId: session, eventId });

    const events = await db.select().from(webhookEvents).where(eq(webhookEvents.userId, userId));
    expect(events.map((e) => e.type)).toEqual(['listing.published']);
    const body = JSON.parse(events[0].body);
    expect(body).toEqual({ type: 'listing.published', timestamp: expect.any(String), data: { listingId, title, imageIds: [image.id] } });
    expect(events[0].body).toBe(JSON.stringify(body));
    const deliveries = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, events[0].id));
    expect(deliveries.map((d) => d.endpointId)).toEqual([subscribed.id]);
  });

  it('publishes no event when nobody subscribes, and a second commit of the same listing changes nothing', async () => {
    const { handle, storage } = suite;
    const { db } = handle;
    const userId = await seedUser(db);
    const session = await seedSession(db, userId);
    await seedImage(db, storage, { userId, uploadSessionId: session });
    const listingId = await seedListing(db, userId, 'pending_payment', session);
    const eventId = `evt_publish_none_${c.db}`;
    await db.insert(paymentEvents).values({ id: eventId, type: 'checkout.session.completed', state: 'processing' });
    await promoteListing(db, storage, { listingId, uploadSessionId: session, eventId });
    expect(await db.select().from(webhookEvents).where(eq(webhookEvents.userId, userId))).toEqual([]);
    const [published] = await db.select().from(listings).where(eq(listings.id, listingId));

    const { commitPromotion } = await import('./commit-promotion');
    expect(await commitPromotion(db, { listingId, uploadSessionId: session, eventId, moves: [] })).toBeNull();
    const [after] = await db.select().from(listings).where(eq(listings.id, listingId));
    expect(after.publishedAt).toEqual(published.publishedAt);
    await expect(commitPromotion(db, { listingId: crypto.randomUUID(), uploadSessionId: session, eventId, moves: [] })).rejects.toThrow(
      /deleted before its payment/,
    );
  });
});
