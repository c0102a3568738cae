// The one place that picks an HTTP status. Domain code throws AppError; every error body
// is {"error":{"code","message","details"}}.
import { z } from 'zod';
import { log } from '@/lib/log';
import { isStorageError } from '@/lib/storage/driver';
import { DatabaseInUseError } from '@/lib/db/pglite-lock';
import { metrics } from '@/lib/metrics/metrics';
import { crossBundleError } from '@/lib/process-wide';

const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  quota_exceeded: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS;

export class AppError extends crossBundleError('AppError') {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

function respond(code: ErrorCode, message: string, details?: unknown) {
  return Response.json(errorBody(code, message, details), { status: STATUS[code], headers: headersFor(code, details) });
}

/**
 * Headers that follow from the error, so domain code never sets HTTP headers: `Retry-After`
 * from `details.retryAfterSeconds`; on a 429 with `details.limit`, the RateLimit-* headers
 * every rate-limited answer carries; on a 408 the body was not read, so the connection closes.
 */
function headersFor(code: ErrorCode, details: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  const { retryAfterSeconds, limit } = (typeof details === 'object' && details !== null ? details : {}) as { retryAfterSeconds?: unknown; limit?: unknown };
  if (typeof retryAfterSeconds === 'number') headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  if (code === 'rate_limited' && typeof limit === 'number') {
    Object.assign(headers, { 'RateLimit-Limit': String(limit), 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(retryAfterSeconds ?? 0) });
  }
  if (code === 'request_timeout') headers.connection = 'close';
  return headers;
}

export function toErrorResponse(err: unknown, requestId: string): Response {
  if (err instanceof z.ZodError) return respond('bad_request', 'Invalid request', z.flattenError(err));
  if (err instanceof AppError) return respond(err.code, err.message, err.details);
  if (isStorageError(err, 'unavailable')) {
    metrics().storageErrors.inc();
    log.error({ err, requestId }, 'storage unavailable');
    return respond('unavailable', 'Storage is unavailable, try again shortly');
  }
  if (err instanceof DatabaseInUseError || isDatabaseDown(err)) {
    metrics().databaseErrors.inc();
    log.error({ err, requestId }, 'database unavailable');
    return respond('unavailable', 'The database is unavailable, try again shortly');
  }
  log.error({ err, requestId }, 'unhandled error');
  // Raw messages can name tables and buckets; clients get a generic one and the id.
  return respond('internal', `Something went wrong (request ${requestId})`);
}

function isDatabaseDown(err: unknown) {
  const code = (err as { code?: string; cause?: { code?: string } })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'CONNECTION_CLOSED' || code === 'CONNECT_TIMEOUT' || code === '57P01';
}
