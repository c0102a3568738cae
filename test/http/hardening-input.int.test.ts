// Over HTTP against `next start`, on PGlite + local disk and PostgreSQL + S3 (issue 16, item 7
// and 13): bad input is 400 with nothing changed. PostgreSQL refuses a NUL (0x00) in text and
// parses fewer dates than V8, so these run on both databases: a NUL in any text field, query or
// path id; crafted `cursor` values; metadata nested 10,000 deep; signed payment events of the
// wrong shape, and a Stripe-Signature header with more than one t=.
import { beforeAll, expect, it } from 'vitest';
import { makePng } from '@/test/fixtures/images';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import type { Client } from '../infra/client';
import { newSession, uploadImages } from '../infra/uploads';
import { checkoutEvent, deliver, sign } from '../infra/payments';
import { apiKeyFor, postGenerated } from '../infra/service-api';

const png = makePng(16, 12);

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describeApp('bad input', { users: 1 }, (suite) => {
  let app: RunningApp;
  let alice: Client;
  let aliceKey: string;

  beforeAll(async () => {
    ({ app } = suite);
    [alice] = suite.users;
    aliceKey = await apiKeyFor(alice);
  });

  it('refuses a NUL in any text field, query or path id with 400 and stores nothing', async () => {
    const session = await newSession(alice);
    const listing = await alice.json<{ id: string }>('/api/listings', { title: 'Before' });
    const [imageId] = (await uploadImages(alice, { uploadSessionId: session }, [{ filename: 'a.png', type: 'image/png', bytes: png }])).ids;
    const nul = 'bad\u0000value';
    const answers = [
      await alice.json('/api/keys', { name: nul }),
      await alice.json('/api/listings', { title: nul }),
      await alice.json(`/api/listings/${listing.body.id}`, { title: nul }, { method: 'PATCH' }),
      await alice.json(`/api/images/${imageId}`, { caption: nul }, { method: 'PATCH' }),
      await alice.json('/api/checkout', { uploadSessionId: `${session}\u0000`, title: 'x' }),
      await alice.json('/api/checkout', { uploadSessionId: session, title: nul }),
      await alice.json('/api/uploads/prepare', { uploadSessionId: session, files: [{ filename: 'b.png', size: 10, type: 'image/png\u0000' }] }),
      await alice.json('/api/keys/%00', undefined, { method: 'DELETE' }),
      await alice.json('/api/keys/abc%00def', undefined, { method: 'DELETE' }),
      await alice.json(`/api/images?uploadSessionId=${encodeURIComponent(nul)}`),
      await alice.json('/api/images/%00'),
      await alice.json('/api/listings/%00'),
      await fetch(`${app.url}/api/cleanup/temp-images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.env.CRON_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'delete-session', uploadSessionId: nul }),
      }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ...(await Promise.all(
        [
          { prompt: nul, imageData: png.toString('base64') },
          { prompt: 'p', imageData: png.toString('base64'), metadata: { note: nul } },
          { prompt: 'p', imageData: png.toString('base64'), metadata: { [nul]: 1 } },
        ].map(async (body) => {
          const res = await postGenerated(app, aliceKey, body);
          return { status: res.status, body: await res.json() };
        }),
      )),
    ];
    expect(answers.map((a) => [a.status, (a.body as { error?: { code: string } }).error?.code])).toEqual(answers.map(() => [400, 'bad_request']));
    const listings = await alice.json<{ items: { id: string; title: string }[] }>('/api/listings');
    expect(listings.body.items.map((l) => l.title)).toEqual(['Before']);
    expect((await alice.json<{ items: unknown[] }>('/api/images?limit=100')).body.items).toHaveLength(1);
    expect((await alice.json<{ items: unknown[] }>('/api/keys')).body.items).toHaveLength(1);
  });

  it('answers 400 to crafted cursors', async () => {
    const good = { p: 0, c: '2026-01-01T00:00:00.000Z', i: '0b7e7c55-3b7a-4c8e-9a59-0f5b5d1e2c3a' };
    const crafted = [
      { ...good, p: 1.5 },
      { ...good, p: 1e20 },
      { ...good, p: 2 ** 31 },
      { ...good, p: '1' },
      { ...good, p: null },
      { ...good, c: '2026-02-30T00:00:00.000Z' },
      { ...good, c: '+275760-09-13T00:00:00.000Z' },
      { ...good, c: 'Tue Dec 01 2026' },
      { ...good, c: '0000-01-01T00:00:00.000Z' },
      { ...good, c: '2026-01-01' },
      { ...good, c: 5 },
      { ...good, i: '-'.repeat(36) },
      { ...good, i: 'not-a-uuid' },
      { ...good, i: 'g'.repeat(36) },
      {},
      null,
      [1, 2, 3],
    ];
    const statuses = [];
    for (const cursor of [...crafted.map(cursorOf), 'garbage', '%00', cursorOf(good).slice(0, 10)]) {
      const res = await fetch(`${app.url}/api/images?cursor=${cursor}`, { headers: { authorization: `Bearer ${aliceKey}` } });
      statuses.push([cursor, res.status, ((await res.json()) as { error?: { message: string } }).error?.message]);
    }
    expect(statuses).toEqual(statuses.map(([cursor]) => [cursor, 400, 'Invalid cursor']));
    expect((await fetch(`${app.url}/api/images?cursor=${cursorOf(good)}`, { headers: { authorization: `Bearer ${aliceKey}` } })).status).toBe(200);
  });

  it('answers 400 to metadata nested 10,000 deep and stores nothing', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const before = (await alice.json<{ items: unknown[] }>('/api/images?source=generated')).body.items.length;
    const res = await postGenerated(app, aliceKey, `{"prompt":"deep","imageData":"${png.toString('base64')}","metadata":${deep}}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('metadata must be nested at most 32 levels deep');
    expect((await alice.json<{ items: unknown[] }>('/api/images?source=generated')).body.items).toHaveLength(before);
  });

  it('answers 400 to signed events of the wrong shape and to several t=, and the listing stays pending', async () => {
    const session = await newSession(alice);
    await uploadImages(alice, { uploadSessionId: session }, [{ filename: 'p.png', type: 'image/png', bytes: png }]);
    const checkout = await alice.json<{ listingId: string }>('/api/checkout', { uploadSessionId: session, title: 'Pending' });
    expect(checkout.status).toBe(201);
    const metadata = { listingId: checkout.body.listingId, uploadSessionId: session };
    const complete = checkoutEvent('checkout.session.completed', metadata);
    const { id: _id, ...withoutId } = complete;
    const { data: _data, ...withoutData } = complete;
    for (const event of ['null', withoutId, withoutData, { ...complete, data: {} }, { ...complete, id: 'evt_\u0000' }]) {
      const answer = await deliver(app, event);
      expect(answer).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'Webhook body is not an event with id, type and data.object' } } });
    }
    const payload = JSON.stringify(complete);
    const now = Math.floor(Date.now() / 1000);
    const [t, v1] = sign(app, payload, now).split(',');
    const twice = await deliver(app, payload, { signature: `t=${now + 3600},${t},${v1}` });
    expect(twice).toEqual({ status: 400, body: { error: { code: 'bad_request', message: 'Stripe-Signature header has more than one timestamp' } } });
    expect((await alice.json<{ status: string }>(`/api/listings/${checkout.body.listingId}`)).body.status).toBe('pending_payment');
    // The well-formed event, signed once, is still taken: the refusals above changed nothing.
    expect((await deliver(app, complete)).body).toMatchObject({ outcome: 'processed' });
    expect((await alice.json<{ status: string }>(`/api/listings/${checkout.body.listingId}`)).body.status).toBe('published');
  });
});
