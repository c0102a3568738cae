import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './backoff';

describe('retryDelaySeconds', () => {
  it('retries first within 10 s, then grows, capped at an hour, always jittered', () => {
    expect(retryDelaySeconds(1, () => 0)).toBe(2.5);
    expect(retryDelaySeconds(1, () => 0.999)).toBeLessThan(10);
    const lows = [1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, () => 0));
    expect(lows).toEqual([2.5, 5, 10, 20, 40]);
    expect(retryDelaySeconds(30, () => 1)).toBe(3600);
    expect(retryDelaySeconds(30, () => 0)).toBe(1800);
  });

  it('spends about 24 h in roughly 30 attempts, so the window is not exhausted in minutes', () => {
    let total = 0;
    let attempts = 0;
    while (total < 24 * 3600) total += retryDelaySeconds(++attempts, () => 0.5);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(45);
  });
});
