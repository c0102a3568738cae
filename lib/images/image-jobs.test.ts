import { describe, expect, it } from 'vitest';
import { withImageJob } from './image-jobs';

describe('withImageJob', () => {
  it('runs at most two jobs at once, all of them, in order of arrival', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => withImageJob(async () => {
      started.push(i);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running -= 1;
      return i * 10;
    })));
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('frees its slot when a job throws', async () => {
    await expect(withImageJob(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(Promise.all([1, 2, 3].map((n) => withImageJob(async () => n)))).resolves.toEqual([1, 2, 3]);
  });
});
