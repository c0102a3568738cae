import { describe, expect, it } from 'vitest';
import { createActivationGuard } from './activation-guard';

describe('createActivationGuard', () => {
  it('lets the first activation through and ignores a second within the quiet time', () => {
    let now = 1000;
    const guard = createActivationGuard(700, () => now);
    expect(guard.allow()).toBe(true);
    now += 120; // the second click of a double click
    expect(guard.allow()).toBe(false);
    now += 500; // Enter pressed again, still within 700 ms of the first
    expect(guard.allow()).toBe(false);
    now += 100; // 720 ms after the one acted on
    expect(guard.allow()).toBe(true);
  });

  it('measures from the last activation acted on, not the last ignored one', () => {
    let now = 0;
    const guard = createActivationGuard(700, () => now);
    guard.allow();
    for (now = 100; now < 700; now += 100) expect(guard.allow()).toBe(false);
    now = 700;
    expect(guard.allow()).toBe(true);
  });

  it('says the tiles are settling only within the quiet time after an allowed activation', () => {
    let now = 0;
    const guard = createActivationGuard(700, () => now);
    expect(guard.settling()).toBe(false); // nothing deleted yet: a view opens at once
    guard.allow();
    now = 150; // the second click of a double click, landed on the next tile's View button
    expect(guard.settling()).toBe(true);
    now = 700;
    expect(guard.settling()).toBe(false);
  });
});
