// Generated images arrive as JSON bodies of up to ~14 MB of base64, read whole before they can
// be parsed; while one is decoded, the body, the image and its pixels are held together, ~40 MB.
// Ten at once would add ~400 MB. One process-wide byte budget admits bodies while they fit (two large
// ones, as many as there are image workers in lib/images/image-jobs.ts) and queues the rest
// in arrival order; their bytes wait in the socket, and TCP slows the sender down.
// The budget is claimed only by an authenticated caller, and no user holds more than half of
// it: one account's slow bodies queue behind each other, never in front of everyone else's.
// (route.ts also puts a read deadline on every body, so even an admitted one frees its share.)
const BUDGET_BYTES = 32 * 1024 * 1024;
const USER_SHARE_BYTES = BUDGET_BYTES / 2;

interface Waiter { owner: string; bytes: number; admit: () => void }
interface BudgetState { inUse: number; byOwner: Map<string, number>; waiting: Waiter[] }

// On globalThis: Next evaluates this module once per route entry, and the budget is the process's.
const holder = globalThis as unknown as { __imagedockBodyBudget?: BudgetState };
function state() {
  holder.__imagedockBodyBudget ??= { inUse: 0, byOwner: new Map(), waiting: [] };
  return holder.__imagedockBodyBudget;
}

export async function withBodyBudget<T>(owner: string, bytes: number, work: () => Promise<T>): Promise<T> {
  const budget = state();
  const claim = Math.min(Math.max(bytes, 0), BUDGET_BYTES); // a body larger than the budget goes alone
  await new Promise<void>((admit) => {
    budget.waiting.push({ owner, bytes: claim, admit });
    admitWaiting(budget);
  });
  try {
    return await work();
  } finally {
    budget.inUse -= claim;
    const left = (budget.byOwner.get(owner) ?? 0) - claim;
    if (left > 0) budget.byOwner.set(owner, left);
    else budget.byOwner.delete(owner);
    admitWaiting(budget);
  }
}

// In arrival order. A waiter over its owner's share steps aside (and so do its owner's later
// ones, which keep their order); the first one that only lacks shared bytes stops the pass, so a
// large body is never overtaken for ever by small ones.
function admitWaiting(budget: BudgetState) {
  const stepAside = new Set<string>();
  for (let at = 0; at < budget.waiting.length;) {
    const next = budget.waiting[at];
    const held = budget.byOwner.get(next.owner) ?? 0;
    if (stepAside.has(next.owner) || (held > 0 && held + next.bytes > USER_SHARE_BYTES)) {
      stepAside.add(next.owner);
      at++;
      continue;
    }
    if (budget.inUse + next.bytes > BUDGET_BYTES) return;
    budget.waiting.splice(at, 1);
    budget.inUse += next.bytes;
    budget.byOwner.set(next.owner, held + next.bytes);
    next.admit();
  }
}

/** Bytes admitted now, and requests waiting (tests and the metrics gauge). */
export function bodyBudgetState() {
  const budget = state();
  return { inUse: budget.inUse, waiting: budget.waiting.length };
}
