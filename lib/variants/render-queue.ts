// The one queue for variant renders in this process: VARIANT_RENDER_CONCURRENCY at once,
// VARIANT_QUEUE_MAX waiting; beyond that a request is refused at once (429 with
// Retry-After) instead of piling up memory and latency, as imgproxy's bounded queue does.
import pLimit, { type LimitFunction } from 'p-limit';
import { env } from '@/lib/env';
import { AppError } from '@/lib/http/errors';

const holder = globalThis as unknown as { __imagedockRenderQueue?: LimitFunction };

function queue() {
  holder.__imagedockRenderQueue ??= pLimit(env().VARIANT_RENDER_CONCURRENCY);
  return holder.__imagedockRenderQueue;
}

export function inRenderQueue<T>(work: () => Promise<T>): Promise<T> {
  const limit = queue();
  if (limit.activeCount >= limit.concurrency && limit.pendingCount >= env().VARIANT_QUEUE_MAX) {
    return Promise.reject(new AppError('rate_limited', 'Too many images are being prepared right now; try again in a moment', { retryAfterSeconds: 2 }));
  }
  return limit(work);
}
