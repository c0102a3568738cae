// pollUntil returns the first value that passes, and fails past its deadline naming the last one.
import { expect, it } from 'vitest';
import { pollUntil } from './poll';

it('reads until the condition holds and returns that value', async () => {
  let reads = 0;
  const value = await pollUntil(
    () => ++reads,
    (n) => n >= 3,
    { intervalMs: 1 },
  );
  expect(value).toBe(3);
  expect(reads).toBe(3);
});

it('fails past the deadline with what it waited for and the last value', async () => {
  await expect(
    pollUntil(
      async () => ({ count: 1 }),
      (v) => v.count > 1,
      { what: 'two mails', timeoutMs: 30, intervalMs: 5 },
    ),
  ).rejects.toThrow(/two mails not met in 30 ms; last: \{"count":1\}/);
});
