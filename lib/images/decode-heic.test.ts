// HEIC decodes run one at a time in the process (a 12 MP decode peaks around 330 MB): the
// pixels' consumer of one decode finishes before the next decode starts, and a failure
// releases the lock like a success.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHeic } from './decode-heic';

const sample = () => readFile(path.join(import.meta.dirname, '../../test/fixtures/sample-96x64.heic'));

describe('decodeHeic', () => {
  it('runs one decode at a time, the next waiting for the previous consumer', async () => {
    const bytes = await sample();
    let active = 0;
    let peak = 0;
    const order: string[] = [];
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const use = (name: string, wait?: Promise<void>) => async (image: { width: number; height: number }) => {
      active += 1;
      peak = Math.max(peak, active);
      order.push(`start ${name}`);
      await wait;
      order.push(`end ${name}`);
      active -= 1;
      return image.width * image.height;
    };
    const first = decodeHeic(bytes, 1e6, use('a', gate));
    const second = decodeHeic(bytes, 1e6, use('b'));
    // Let the first decode reach its consumer; the second must still be waiting.
    while (order.length === 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['start a']);
    openGate();
    expect(await first).toEqual({ ok: true, value: 96 * 64 });
    expect(await second).toEqual({ ok: true, value: 96 * 64 });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(peak).toBe(1);
  });

  it('releases the lock when a decode fails', async () => {
    await expect(decodeHeic(Buffer.from('not a heic file'), 1e6, async () => 1)).rejects.toThrow();
    expect(await decodeHeic(await sample(), 1e6, async (image) => image.width)).toEqual({ ok: true, value: 96 });
  });

  it('refuses pixels beyond the cap the header claimed to respect', async () => {
    const result = await decodeHeic(await sample(), 100, async () => 1);
    expect(result.ok).toBe(false);
  });
});
