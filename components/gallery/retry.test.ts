import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { withRetry } from './retry';

const transient = new Error('transient');
const fatal = new Error('fatal');
const options = { retries: 3, baseDelayMs: 1, isTransient: (e: unknown) => e === transient };

describe('withRetry', () => {
  it('tells each retry how long its wait is: doubling, within 20% of the base', async () => {
    const delays: number[] = [];
    await expect(
      withRetry(
        async () => {
          throw transient;
        },
        // Large enough that rounding the reported waits to whole ms does not blur the doubling.
        { ...options, baseDelayMs: 40, onRetry: (_n, delay) => delays.push(delay) },
      ),
    ).rejects.toBe(transient);
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(32);
    expect(delays[0]).toBeLessThanOrEqual(48);
    expect(delays[1] / delays[0]).toBeGreaterThan(1.9);
    expect(delays[1] / delays[0]).toBeLessThan(2.1);
    expect(delays[2] / delays[0]).toBeGreaterThan(3.8);
    expect(delays[2] / delays[0]).toBeLessThan(4.2);
  });

  it('an abort during the wait ends it at once, with no further attempt', async () => {
    const controller = new AbortController();
    let calls = 0;
    const done = withRetry(
      async () => {
        calls += 1;
        throw transient;
      },
      { ...options, baseDelayMs: 3_600_000, signal: controller.signal, onRetry: () => queueMicrotask(() => controller.abort()) },
    );
    await expect(done).rejects.toThrow();
    expect(controller.signal.aborted).toBe(true);
    expect(calls).toBe(1);
  });

  it('retries transient failures until one attempt succeeds', async () => {
    const attempts: number[] = [];
    const retried: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 2) throw transient;
        return 'ok';
      },
      { ...options, onRetry: (n) => retried.push(n) },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2]);
    expect(retried).toEqual([1, 2]);
  });

  it('gives up after the last retry with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw transient;
      }, options),
    ).rejects.toBe(transient);
    expect(calls).toBe(4);
  });

  it('never retries a failure that will not pass', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw fatal;
      }, options),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
  });

  it('stops retrying once its signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          controller.abort();
          throw transient;
        },
        { ...options, signal: controller.signal },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(1);
  });
});

// The upload queue (use-uploads.ts) is p-limit: this pins the behaviour it relies on.
describe('the upload limiter (p-limit)', () => {
  it('runs at most `limit` tasks at once, in the order given, and passes results and errors through', async () => {
    const run = pLimit(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve, reject) => {
        active += 1;
        peak = Math.max(peak, active);
        started.push(n);
        gates[n] = () => {
          active -= 1;
          if (n === 3) reject(new Error('three'));
          else resolve(n * 10);
        };
      });
    const results = [0, 1, 2, 3].map((n) => run(task(n)));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]();
    await results[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]();
    gates[2]();
    await Promise.all([results[0], results[2]]);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2, 3]);
    gates[3]();
    await expect(results[3]).rejects.toThrow('three');
    expect(await Promise.all(results.slice(0, 3))).toEqual([0, 10, 20]);
    expect(peak).toBe(2);
  });
});
