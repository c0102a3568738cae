// The payment webhook over HTTP: who may sign (bad, stale, future and missing signatures,
// either secret during rotation), which bodies it takes, exactly-once promotion under
// concurrent and late redelivery, and promotion finished after a crash at each step.
// Checkout states and each event's outcome are in checkout-lifecycle.int.test.ts.
import { beforeAll, expect, it } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import type { RunningApp } from '../infra/app';
import { describeApp } from '../infra/app-suite';
import type { Client } from '../infra/client';
import { checkoutEvent, deliver, sign } from '../infra/payments';
import { expectPromoted, listingOf, pendingListing, type Listing } from '../infra/checkouts';

describeApp('payment webhook', { users: 1 }, (suite) => {
  let app: RunningApp;
  let storage: StorageDriver;
  let alice: Client;
  beforeAll(() => {
    ({ app, storage } = suite);
    [alice] = suite.users;
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
    // Signed URLs are made anew on every read (their date moves): compare what they point at.
    const stored = async () =>
      JSON.stringify((await alice.json<Listing>(`/api/listings/${p.listingId}`)).body, (_key, value) =>
        typeof value === 'string' && /^https?:\/\//.test(value) && /[?&]X-(Amz-)?Signature=/.test(value) ? value.split('?')[0] : value,
      );
    const before = await stored();
    const late = await deliver(app, event);
    expect(late).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await stored()).toEqual(before);
    await expectPromoted(alice, storage, p);
  });

  it('refuses signed events of a handled type that lack what they need, changing nothing', async () => {
    const p = await pendingListing(alice, 1);
    const good = checkoutEvent('checkout.session.completed', p);
    const { metadata } = good.data.object;
    const bodies: unknown[] = [
      null,
      'null',
      { ...good, data: undefined },
      { ...good, data: {} },
      { ...good, data: { object: null } },
      { ...good, data: { object: { ...good.data.object, id: undefined } } },
      { ...good, data: { object: { ...good.data.object, metadata: undefined } } },
      { ...good, data: { object: { ...good.data.object, metadata: { ...metadata, listingId: 'not-a-uuid' } } } },
      { ...good, data: { object: { ...good.data.object, payment_status: undefined } } },
      { ...good, data: { object: { ...good.data.object, payment_status: 'maybe' } } },
      { ...good, id: undefined },
      { ...good, id: 42 },
      { ...good, type: undefined },
      [good],
    ];
    for (const body of bodies) {
      const res = await deliver(app, typeof body === 'string' ? body : JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    expect((await listingOf(alice, p.listingId)).status).toBe('pending_payment');
    // The same event, whole, still works: nothing above was recorded against its id.
    expect((await deliver(app, good)).body).toMatchObject({ outcome: 'processed' });
    await expectPromoted(alice, storage, p);
  });
});

const CRASH_POINTS = ['promote:after-copy', 'promote:before-commit', 'promote:after-commit', 'promote:before-temp-delete'];

// Each point fails once, in order: every redelivery gets one step further.
describeApp('promotion crash safety', { users: 1, env: () => ({ IMAGEDOCK_FAILPOINTS: CRASH_POINTS.map((p) => `${p}:1`).join(',') }) }, (suite) => {
  it('finishes the promotion on redelivery after a crash at each step, with every image once', async () => {
    const {
      app,
      storage,
      users: [alice],
    } = suite;
    const p = await pendingListing(alice, 3);
    const event = checkoutEvent('checkout.session.completed', p);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < CRASH_POINTS.length; attempt++) statuses.push((await deliver(app, event)).status);
    expect(statuses).toEqual([500, 500, 500, 500]);
    const final = await deliver(app, event);
    expect(final.status).toBe(200);
    await expectPromoted(alice, storage, p);
  });
});
