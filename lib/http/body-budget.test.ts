import { describe, expect, it } from 'vitest';
import { bodyBudgetState, withBodyBudget } from './body-budget';

const MB = 1024 * 1024;

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('withBodyBudget', () => {
  it('admits bodies while they fit in 32 MB, then one at a time in arrival order as bytes free up', async () => {
    const order: string[] = [];
    const gates = new Map(['a', 'b', 'c', 'd'].map((name) => [name, gate()]));
    // Four users, one body each.
    const run = (name: string, bytes: number) =>
      withBodyBudget(`user-${name}`, bytes, async () => {
        order.push(`start ${name}`);
        await gates.get(name)!.opened;
        order.push(`end ${name}`);
      });
    const all = [run('a', 14 * MB), run('b', 14 * MB), run('c', 14 * MB), run('d', 1 * MB)];
    await tick();
    // c does not fit; d would, but does not overtake c.
    expect(order).toEqual(['start a', 'start b']);
    expect(bodyBudgetState()).toEqual({ inUse: 28 * MB, waiting: 2 });
    gates.get('a')!.open();
    await tick();
    expect(order).toEqual(['start a', 'start b', 'end a', 'start c', 'start d']);
    for (const g of gates.values()) g.open();
    await Promise.all(all);
    expect(bodyBudgetState()).toEqual({ inUse: 0, waiting: 0 });
  });

  it('holds no user to more than half the budget: their later bodies wait, other users pass them', async () => {
    const order: string[] = [];
    const gates = new Map(['m1', 'm2', 'm3', 'o1', 'm4'].map((name) => [name, gate()]));
    const run = (owner: string, name: string, bytes: number) =>
      withBodyBudget(owner, bytes, async () => {
        order.push(`start ${name}`);
        await gates.get(name)!.opened;
      });
    // Mallory's three slow 14 MB bodies arrive first, then Olive's, then a small one of Mallory's.
    const all = [
      run('mallory', 'm1', 14 * MB),
      run('mallory', 'm2', 14 * MB),
      run('mallory', 'm3', 14 * MB),
      run('olive', 'o1', 14 * MB),
      run('mallory', 'm4', 1 * MB),
    ];
    await tick();
    // m4 would fit in Mallory's share (15 of 16 MB) but does not overtake her own m2.
    expect(order).toEqual(['start m1', 'start o1']);
    expect(bodyBudgetState()).toEqual({ inUse: 28 * MB, waiting: 3 });
    gates.get('o1')!.open();
    await tick();
    expect(order).toEqual(['start m1', 'start o1']);
    gates.get('m1')!.open();
    await tick();
    expect(order).toEqual(['start m1', 'start o1', 'start m2']);
    for (const g of gates.values()) g.open();
    await Promise.all(all);
    expect(order).toEqual(['start m1', 'start o1', 'start m2', 'start m3', 'start m4']);
    expect(bodyBudgetState()).toEqual({ inUse: 0, waiting: 0 });
  });

  it('lets a body larger than the whole budget through alone, and frees its share when work fails', async () => {
    await expect(withBodyBudget('u', 200 * MB, async () => bodyBudgetState().inUse)).resolves.toBe(32 * MB);
    await expect(
      withBodyBudget('u', 10 * MB, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(bodyBudgetState()).toEqual({ inUse: 0, waiting: 0 });
  });
});
