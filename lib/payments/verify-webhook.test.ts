import { describe, expect, it } from 'vitest';
import { appErrorOf } from '@/test/infra/app-errors';
import { signWebhook, verifyWebhook } from './verify-webhook';

const secret = 'whsec_unit_test_secret';
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed', data: { object: {} } });

describe('verifyWebhook', () => {
  const now = 1_800_000_000;

  it('accepts a fresh signature and returns the event', () => {
    expect(verifyWebhook(payload, signWebhook(payload, secret, now), secret, now).id).toBe('evt_1');
  });

  it('holds the 5-minute tolerance in both directions', () => {
    expect(appErrorOf(() => verifyWebhook(payload, signWebhook(payload, secret, now + 300), secret, now))).toBe('no error');
    expect(appErrorOf(() => verifyWebhook(payload, signWebhook(payload, secret, now + 301), secret, now))).toBe(
      'bad_request: Webhook timestamp is in the future',
    );
    // Stripe's own check reads the real clock for the past side: sign relative to it.
    const real = Math.floor(Date.now() / 1000);
    expect(appErrorOf(() => verifyWebhook(payload, signWebhook(payload, secret, real - 290), secret, real))).toBe('no error');
    expect(appErrorOf(() => verifyWebhook(payload, signWebhook(payload, secret, real - 310), secret, real))).toMatch(
      /^bad_request: Webhook rejected: Timestamp outside the tolerance zone/,
    );
  });

  it('refuses a changed body, a wrong secret, and missing or malformed headers', () => {
    const header = signWebhook(payload, secret, now);
    expect(appErrorOf(() => verifyWebhook(payload.replace('evt_1', 'evt_2'), header, secret, now))).toMatch(/^bad_request: Webhook rejected/);
    expect(appErrorOf(() => verifyWebhook(payload, header, 'whsec_other', now))).toMatch(/^bad_request: Webhook rejected/);
    expect(appErrorOf(() => verifyWebhook(payload, null, secret, now))).toBe('bad_request: Missing Stripe-Signature header');
    expect(appErrorOf(() => verifyWebhook(payload, 'v1=abc', secret, now))).toBe('bad_request: Malformed Stripe-Signature header');
  });

  it('refuses a header with more than one t=, whichever of them is signed', () => {
    // stripe-node checks the last t=; the future guard must not read a different one.
    const fresh = signWebhook(payload, secret, now);
    const future = signWebhook(payload, secret, now + 3600);
    const [freshT, freshV1] = fresh.split(',');
    const futureT = future.split(',')[0];
    for (const header of [
      `${futureT},${freshT},${freshV1}`,
      `${freshT},${futureT},${future.split(',')[1]}`,
      `${freshT},${freshT},${freshV1}`,
      `${freshT},${freshV1}, ${futureT}`,
    ]) {
      expect(appErrorOf(() => verifyWebhook(payload, header, secret, now))).toBe('bad_request: Stripe-Signature header has more than one timestamp');
    }
  });

  it('refuses a signed body that is not an event: null, no id, no data, no data.object', () => {
    const signed = (body: string) => appErrorOf(() => verifyWebhook(body, signWebhook(body, secret, now), secret, now));
    const expected = 'bad_request: Webhook body is not an event with id, type and data.object';
    for (const body of [
      'null',
      '[]',
      '"x"',
      '{}',
      JSON.stringify({ type: 'checkout.session.completed', data: { object: {} } }),
      JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed' }),
      JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed', data: {} }),
      JSON.stringify({ id: 'evt_\u0000', type: 'checkout.session.completed', data: { object: {} } }),
      JSON.stringify({ id: 'evt_1', type: 7, data: { object: {} } }),
    ]) {
      expect(signed(body)).toBe(expected);
    }
  });
});
