// Generated images arrive as JSON bodies of up to ~14 MB of base64, read whole before they can
// be parsed; while one is decoded, the body, the image and its pixels are held together, ~40 MB.
// Ten at once would add ~400 MB. One process-wide byte budget admits bodies while they fit (two large
// ones, as many as there are image workers in lib/images/image-jobs.ts) and queues the rest
// in arrival order; their bytes wait in the socket, and TCP slows the sender down.
// The budget is claimed only by an authenticated caller, and no user holds more than half of
// it: one account's slow bodies queue behind each other, never in front of everyone else's.
// (route.ts also puts a read deadline on every body, so even an admitted one frees its share.)
// Two weighted semaphores (async-mutex, first in first out, a waiter never overtaken by a
// smaller one behind it): the user's share, then the shared budget. They count KiB, not bytes:
// async-mutex walks its value on every release, and 32 Mi steps would block the event loop.
import { Semaphore } from 'async-mutex';
import { processWide } from '@/lib/process-wide';

const BUDGET_BYTES = 32 * 1024 * 1024;
const USER_SHARE_BYTES = BUDGET_BYTES / 2;
const UNIT = 1024;
const units = (bytes: number) => Math.ceil(bytes / UNIT);

interface BudgetState {
  shared: Semaphore;
  /** Each owner with a body admitted or waiting: their share, and how many bodies use it. */
  owners: Map<string, { share: Semaphore; bodies: number }>;
  waiting: number;
  /** Bytes admitted now (the semaphores round them up to KiB). */
  inUse: number;
}

// Next evaluates this module once per route entry, and the budget is the process's.
const state = () => processWide<BudgetState>('bodyBudget', () => ({ shared: new Semaphore(units(BUDGET_BYTES)), owners: new Map(), waiting: 0, inUse: 0 }));

export async function withBodyBudget<T>(owner: string, bytes: number, work: () => Promise<T>): Promise<T> {
  const budget = state();
  // A body larger than the budget goes alone; one larger than a share takes the whole share.
  const claim = Math.min(Math.max(Math.ceil(bytes), 1), BUDGET_BYTES);
  const user = budget.owners.get(owner) ?? { share: new Semaphore(units(USER_SHARE_BYTES)), bodies: 0 };
  budget.owners.set(owner, user);
  user.bodies += 1;
  budget.waiting += 1;
  const releases: (() => void)[] = [];
  try {
    try {
      releases.push((await user.share.acquire(units(Math.min(claim, USER_SHARE_BYTES))))[1]);
      releases.push((await budget.shared.acquire(units(claim)))[1]);
      budget.inUse += claim;
      releases.push(() => {
        budget.inUse -= claim;
      });
    } finally {
      budget.waiting -= 1;
    }
    return await work();
  } finally {
    for (const release of releases.reverse()) release();
    user.bodies -= 1;
    if (user.bodies === 0) budget.owners.delete(owner);
  }
}

/** Bytes admitted now, and requests waiting (tests and the metrics gauge). */
export function bodyBudgetState() {
  const budget = state();
  return { inUse: budget.inUse, waiting: budget.waiting };
}
