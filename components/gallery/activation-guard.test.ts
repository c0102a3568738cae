import { describe, expect, it } from 'vitest';
import { createActivationGuard } from './activation-guard';

describe('createActivationGuard', () => {
  it('lets the first activation through and ignores a second within the quiet time', () => {
    let now = 1000;
    const allow = createActivationGuard(700, () => now);
    expect(allow()).toBe(true);
    now += 120; // the second click of a double click
    expect(allow()).toBe(false);
    now += 500; // Enter pressed again, still within 700 ms of the first
    expect(allow()).toBe(false);
    now += 100; // 720 ms after the one acted on
    expect(allow()).toBe(true);
  });

  it('measures from the last activation acted on, not the last ignored one', () => {
    let now = 0;
    const allow = createActivationGuard(700, () => now);
    allow();
    for (now = 100; now < 700; now += 100) expect(allow()).toBe(false);
    now = 700;
    expect(allow()).toBe(true);
  });
});
