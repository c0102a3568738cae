import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError, toErrorResponse } from './errors';
import { StorageError } from '@/lib/storage/driver';

describe('toErrorResponse', () => {
  it('maps every AppError code to its status with the error shape', async () => {
    const cases = [
      ['bad_request', 400],
      ['unauthorized', 401],
      ['forbidden', 403],
      ['not_found', 404],
      ['request_timeout', 408],
      ['conflict', 409],
      ['payload_too_large', 413],
      ['unsupported_media_type', 415],
      ['unprocessable', 422],
      ['rate_limited', 429],
      ['unavailable', 503],
    ] as const;
    for (const [code, status] of cases) {
      const res = toErrorResponse(new AppError(code, `msg ${code}`), 'req-1');
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: `msg ${code}` } });
    }
  });

  it('keeps details and derives Retry-After and the RateLimit-* headers from them', async () => {
    const res = toErrorResponse(new AppError('rate_limited', 'slow down', { limit: 100, retryAfterSeconds: 12 }), 'r');
    expect(res.headers.get('retry-after')).toBe('12');
    expect([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining'), res.headers.get('ratelimit-reset')]).toEqual(['100', '0', '12']);
    expect(await res.json()).toEqual({ error: { code: 'rate_limited', message: 'slow down', details: { limit: 100, retryAfterSeconds: 12 } } });
  });

  it('never asks for a retry sooner than a second, and sends no Retry-After without the detail', async () => {
    const soon = toErrorResponse(new AppError('rate_limited', 'slow down', { limit: 5, retryAfterSeconds: 0 }), 'r');
    expect([soon.headers.get('retry-after'), soon.headers.get('ratelimit-reset')]).toEqual(['1', '0']);
    const busy = toErrorResponse(new AppError('unavailable', 'busy', { retryAfterSeconds: 30 }), 'r');
    expect([busy.status, busy.headers.get('retry-after'), busy.headers.get('ratelimit-limit')]).toEqual([503, '30', null]);
    expect(toErrorResponse(new AppError('conflict', 'no'), 'r').headers.get('retry-after')).toBeNull();
  });

  it('closes the connection after a body that did not arrive in time (408)', () => {
    const res = toErrorResponse(new AppError('request_timeout', 'too slow'), 'r');
    expect([res.status, res.headers.get('connection')]).toEqual([408, 'close']);
  });

  it('turns a zod failure into 400 with field details', async () => {
    const parsed = z.object({ name: z.string() }).safeParse({ name: 3 });
    const res = toErrorResponse(parsed.error, 'r');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.fieldErrors.name).toHaveLength(1);
  });

  it('hides unknown errors behind a generic 500 naming the request id', async () => {
    const res = toErrorResponse(new Error('relation "images" does not exist at bucket secret-bucket'), 'req-42');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Something went wrong (request req-42)' } });
    expect(text).not.toContain('images');
  });

  it('answers 503 when storage is unreachable', async () => {
    const res = toErrorResponse(new StorageError('unavailable', 'connect ECONNREFUSED'), 'r');
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('unavailable');
  });
});
