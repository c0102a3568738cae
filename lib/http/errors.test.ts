import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AppError, toErrorResponse } from './errors';
import { StorageError } from '@/lib/storage/driver';

describe('toErrorResponse', () => {
  it('maps every AppError code to its status with the error shape', async () => {
    const cases = [
      ['bad_request', 400], ['unauthorized', 401], ['forbidden', 403], ['not_found', 404], ['request_timeout', 408], ['conflict', 409],
      ['payload_too_large', 413], ['unsupported_media_type', 415], ['unprocessable', 422], ['rate_limited', 429], ['unavailable', 503],
    ] as const;
    for (const [code, status] of cases) {
      const res = toErrorResponse(new AppError(code, `msg ${code}`), 'req-1');
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: `msg ${code}` } });
    }
  });

  it('keeps details and headers', async () => {
    const res = toErrorResponse(new AppError('rate_limited', 'slow down', { limit: 100 }, { 'retry-after': '12' }), 'r');
    expect(res.headers.get('retry-after')).toBe('12');
    expect(await res.json()).toEqual({ error: { code: 'rate_limited', message: 'slow down', details: { limit: 100 } } });
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
