// Automatic retries with exponential backoff and jitter, for failures that may pass.

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  isTransient: (error: unknown) => boolean;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  signal?: AbortSignal;
}

export async function withRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= options.retries || !options.isTransient(error) || options.signal?.aborted) throw error;
      // Jitter keeps three parallel uploads that failed together from retrying in lockstep.
      const delay = options.baseDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
      options.onRetry?.(attempt + 1, delay, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Runs at most `limit` tasks at once, in the order they were given. */
export function createLimiter(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    if (active >= limit) return;
    const start = waiting.shift();
    if (start) start();
  };
  return function run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        active += 1;
        task().then(resolve, reject).finally(() => {
          active -= 1;
          next();
        });
      });
      next();
    });
  };
}
