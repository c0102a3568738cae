// Decoding a 12 MP photo takes ~120 MB of native memory, and libuv would run four at once
// across requests. One process-wide queue keeps concurrent image work to what the cores can
// use, so ten simultaneous confirms cost two decodes of memory, not ten.
// Waiting work is queued per owner and served round-robin: one user confirming a hundred
// images waits behind their own work, while anyone else's next job gets the next free slot.
import os from 'node:os';
import sharp from 'sharp';
import { processWide } from '@/lib/process-wide';

const LIMIT = Math.max(1, Math.min(2, os.availableParallelism()));
// sharp's operation cache only helps when the same file is processed again; here it never is.
sharp.cache(false);

// One queue for the process, whichever route bundle asks (each has its own copy of this module).
const state = () => processWide('imageJobs', () => ({
  running: 0,
  /** Each owner's waiting jobs, oldest first; present only while non-empty. */
  queues: new Map<string, (() => void)[]>(),
  /** Owners with waiting jobs, in the order their turn comes. */
  turns: [] as string[],
}));

export async function withImageJob<T>(owner: string, work: () => Promise<T>): Promise<T> {
  const jobs = state();
  if (jobs.running < LIMIT) jobs.running += 1;
  else await waitForTurn(owner); // the slot is handed over
  try {
    return await work();
  } finally {
    handOver();
  }
}

function waitForTurn(owner: string) {
  const { queues, turns } = state();
  return new Promise<void>((resolve) => {
    const queue = queues.get(owner);
    if (queue) queue.push(resolve);
    else {
      queues.set(owner, [resolve]);
      turns.push(owner);
    }
  });
}

function handOver() {
  const jobs = state();
  const { queues, turns } = jobs;
  const owner = turns.shift();
  if (owner === undefined) {
    jobs.running -= 1;
    return;
  }
  const queue = queues.get(owner)!;
  const next = queue.shift()!;
  // Back of the line for this owner's next job, behind everyone already waiting.
  if (queue.length > 0) turns.push(owner);
  else queues.delete(owner);
  next();
}
