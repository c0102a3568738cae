// Automatic retries with exponential backoff and jitter, for failures that may pass (p-retry).
import pRetry from 'p-retry';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  isTransient: (error: unknown) => boolean;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  /** Aborting stops further attempts and cuts a wait short. */
  signal?: AbortSignal;
}

export function withRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  // Jitter, drawn once per call, keeps three parallel uploads that failed together from
  // retrying in lockstep; without p-retry's own randomising, each wait is known in advance
  // (minTimeout × 2^retries so far), so onRetry can say how long it will be.
  const minTimeout = options.baseDelayMs * (0.8 + Math.random() * 0.4);
  return pRetry((attemptNumber) => work(attemptNumber - 1), {
    retries: options.retries,
    minTimeout,
    factor: 2,
    signal: options.signal,
    shouldRetry: ({ error, retriesConsumed }) => {
      if (!options.isTransient(error) || options.signal?.aborted) return false;
      options.onRetry?.(retriesConsumed + 1, Math.round(minTimeout * 2 ** retriesConsumed), error);
      return true;
    },
  });
}
