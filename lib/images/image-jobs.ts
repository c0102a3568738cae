// Decoding a 12 MP photo takes ~120 MB of native memory, and libuv would run four at once
// across requests. One process-wide semaphore keeps concurrent image work to what the cores
// can use, so ten simultaneous confirms cost two decodes of memory, not ten.
// Waiting work is served fairly between owners (start-time fair queuing over the semaphore's
// priorities): each owner's jobs take consecutive turns, never earlier than the turn being
// served now, so one user confirming a hundred images waits behind their own work while
// anyone else's next job gets the next free slot. Equal turns go in order of arrival.
import os from 'node:os';
import { Semaphore } from 'async-mutex';
import sharp from 'sharp';
import { processWide } from '@/lib/process-wide';

const LIMIT = Math.max(1, Math.min(2, os.availableParallelism()));
// sharp's operation cache only helps when the same file is processed again; here it never is.
sharp.cache(false);

// One semaphore for the process, whichever route bundle asks (each has its own copy of this module).
const state = () =>
  processWide('imageJobs', () => ({
    slots: new Semaphore(LIMIT),
    /** Jobs running or waiting; when none are, every owner starts even again. */
    inFlight: 0,
    /** The turn of the job that last got a slot. */
    now: 0,
    /** Each owner's next free turn; only owners ahead of `now` are kept. */
    nextTurn: new Map<string, number>(),
  }));

export async function withImageJob<T>(owner: string, work: () => Promise<T>): Promise<T> {
  const jobs = state();
  const turn = Math.max(jobs.now, jobs.nextTurn.get(owner) ?? 0);
  jobs.nextTurn.set(owner, turn + 1);
  jobs.inFlight += 1;
  try {
    // The semaphore serves the highest priority first, so the earliest turn is the largest.
    return await jobs.slots.runExclusive(
      () => {
        if (turn > jobs.now) {
          jobs.now = turn;
          for (const [name, next] of jobs.nextTurn) if (next <= turn) jobs.nextTurn.delete(name);
        }
        return work();
      },
      1,
      -turn,
    );
  } finally {
    jobs.inFlight -= 1;
    if (jobs.inFlight === 0) {
      jobs.now = 0;
      jobs.nextTurn.clear();
    }
  }
}
