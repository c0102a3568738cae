import { describe, expect, it } from 'vitest';
import { bodyBudgetState, withBodyBudget } from './body-budget';

const MB = 1024 * 1024;

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('withBodyBudget', () => {
  it('admits bodies while they fit in 32 MB, then one at a time in arrival order as bytes free up', async () => {
    const order: string[] = [];
    const gates = new Map(['a', 'b', 'c', 'd'].map((name) => [name, gate()]));
    const run = (name: string, bytes: number) => withBodyBudget(bytes, async () => {
      order.push(`start ${name}`);
      await gates.get(name)!.opened;
      order.push(`end ${name}`);
    });
    const all = [run('a', 14 * MB), run('b', 14 * MB), run('c', 14 * MB), run('d', 1 * MB)];
    await new Promise((resolve) => setTimeout(resolve, 10));
    // c does not fit; d would, but does not overtake c.
    expect(order).toEqual(['start a', 'start b']);
    expect(bodyBudgetState()).toEqual({ inUse: 28 * MB, waiting: 2 });
    gates.get('a')!.open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['start a', 'start b', 'end a', 'start c', 'start d']);
    for (const g of gates.values()) g.open();
    await Promise.all(all);
    expect(bodyBudgetState()).toEqual({ inUse: 0, waiting: 0 });
  });

  it('lets a body larger than the whole budget through alone, and frees its share when work fails', async () => {
    await expect(withBodyBudget(200 * MB, async () => bodyBudgetState().inUse)).resolves.toBe(32 * MB);
    await expect(withBodyBudget(10 * MB, async () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(bodyBudgetState()).toEqual({ inUse: 0, waiting: 0 });
  });
});
