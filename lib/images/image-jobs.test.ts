import { describe, expect, it } from 'vitest';
import { withImageJob } from './image-jobs';

/** A job that runs until the test lets it finish, recording when it started. */
function gate(owner: string, label: string, started: string[], onStart?: () => void) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const result = withImageJob(owner, async () => {
    started.push(label);
    onStart?.();
    await done;
    return label;
  });
  return { release, result };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('withImageJob', () => {
  it('runs at most two jobs at once, all of them, in order of arrival for one owner', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        withImageJob('alice', async () => {
          started.push(i);
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 20));
          running -= 1;
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('frees its slot when a job throws', async () => {
    await expect(
      withImageJob('alice', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(Promise.all([1, 2, 3].map((n) => withImageJob('alice', async () => n)))).resolves.toEqual([1, 2, 3]);
  });

  it('serves waiting owners round-robin: many jobs of one do not hold back another', async () => {
    const started: string[] = [];
    const jobs = new Map<string, ReturnType<typeof gate>>();
    const queue = (owner: string, label: string) => jobs.set(label, gate(owner, label, started));
    // Both slots busy; then alice queues five jobs before bob queues two and carol one.
    queue('x', 'x1');
    queue('x', 'x2');
    for (const n of [1, 2, 3, 4, 5]) queue('alice', `a${n}`);
    queue('bob', 'b1');
    queue('bob', 'b2');
    queue('carol', 'c1');
    await settle();
    expect(started).toEqual(['x1', 'x2']);
    // Finishing jobs one at a time, oldest first, shows whose turn each freed slot goes to.
    for (let i = 0; i < started.length; i++) {
      jobs.get(started[i])!.release();
      await settle();
    }
    expect(started).toEqual(['x1', 'x2', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4', 'a5']);
    await expect(Promise.all([...jobs.values()].map((j) => j.result))).resolves.toEqual(['x1', 'x2', 'a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'c1']);
  });

  it('gives an owner who sends one job at a time only their turn, not a way past a backlog', async () => {
    const started: string[] = [];
    const jobs = new Map<string, ReturnType<typeof gate>>();
    queueOn(jobs, started, 'x', 'x1');
    queueOn(jobs, started, 'x', 'x2');
    await settle();
    for (const n of [1, 2, 3]) queueOn(jobs, started, 'alice', `a${n}`);
    // Bob sends his next job as soon as the last one starts: always one waiting, never more.
    const bob = (n: number): void => void queueOn(jobs, started, 'bob', `b${n}`, n < 4 ? () => bob(n + 1) : undefined);
    bob(1);
    await settle();
    for (let i = 0; i < started.length; i++) {
      jobs.get(started[i])!.release();
      await settle();
    }
    expect(started).toEqual(['x1', 'x2', 'a1', 'b1', 'a2', 'b2', 'a3', 'b3', 'b4']);
    await Promise.all([...jobs.values()].map((j) => j.result));
  });
});

function queueOn(jobs: Map<string, ReturnType<typeof gate>>, started: string[], owner: string, label: string, onStart?: () => void) {
  jobs.set(label, gate(owner, label, started, onStart));
}
