// Request bodies are read with a hard cap before parsing, so an oversized body costs at
// most the cap in memory and is answered 413.
import type { z } from 'zod';
import { AppError } from './errors';
import { withBodyBudget } from './body-budget';
import { env } from '@/lib/env';

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  return (await readCappedBytes(request, maxBytes)).toString('utf8');
}

/**
 * `signal` stops a read still under way (the answer no longer needs the body). A body that
 * has not fully arrived within BODY_READ_TIMEOUT_SECONDS of the first read is refused with
 * 408: a slow sender holds nothing (memory, the body budget) past that deadline.
 */
async function readCappedBytes(request: Request, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  signal?.addEventListener('abort', stop, { once: true });
  const seconds = env().BODY_READ_TIMEOUT_SECONDS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      stop();
      reject(new AppError('request_timeout', `The request body did not arrive within ${seconds} s`));
    }, seconds * 1000);
  });
  const read = readAll(reader, declared, maxBytes);
  read.catch(() => {}); // after the deadline its outcome no longer matters
  try {
    return await Promise.race([read, deadline]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * For a large body read whole (generated images): call it once the caller is authenticated,
 * so nobody unauthenticated claims a share. It claims the owner's share of the process-wide
 * body budget (body-budget.ts), reads the body capped at `maxBytes` (413 beyond, 408 past the
 * read deadline) and holds the share while `work` runs; the bytes wait in the socket meanwhile.
 */
export function withBudgetedBody<T>(request: Request, owner: string, maxBytes: number, signal: AbortSignal, work: (body: Buffer) => Promise<T>): Promise<T> {
  return withBodyBudget(owner, budgetClaim(request, maxBytes), async () => work(await readCappedBytes(request, maxBytes, signal)));
}

// A body without a Content-Length (chunked) may be as large as the cap: budget that much.
function budgetClaim(request: Request, maxBytes: number) {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) ? Math.min(declared, maxBytes) : maxBytes;
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, declared: number, maxBytes: number) {
  // With a declared length the bytes go straight into one buffer: no second copy to join them.
  const declaredBuffer = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : null;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    if (declaredBuffer) {
      // Node's HTTP parser never delivers more than Content-Length; anything else is not HTTP.
      if (total + value.byteLength > declaredBuffer.length) throw new AppError('bad_request', 'Request body is longer than its Content-Length');
      declaredBuffer.set(value, total);
    } else {
      chunks.push(value);
    }
    total += value.byteLength;
  }
  return declaredBuffer ? declaredBuffer.subarray(0, total) : Buffer.concat(chunks, total);
}

function tooLarge(maxBytes: number) {
  return new AppError('payload_too_large', `Request body is larger than ${maxBytes} bytes`);
}

export async function readJson<T extends z.ZodType>(request: Request, schema: T, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<z.infer<T>> {
  return parseJsonText(await readCappedText(request, maxBytes), schema);
}

export function parseJsonText<T extends z.ZodType>(text: string, schema: T): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'Request body must be valid JSON');
  }
  return schema.parse(value);
}
