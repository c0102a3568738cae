// Generated images arrive as JSON bodies of up to ~14 MB of base64, read whole before they can
// be parsed; while one is decoded, the body, the image and its pixels are held together, ~40 MB.
// Ten at once would add ~400 MB. One process-wide byte budget admits bodies while they fit (two large
// ones, as many as there are image workers in lib/images/image-jobs.ts) and queues the rest
// in arrival order; their bytes wait in the socket, and TCP slows the sender down.
const BUDGET_BYTES = 32 * 1024 * 1024;

let inUse = 0;
const waiting: { bytes: number; admit: () => void }[] = [];

export async function withBodyBudget<T>(bytes: number, work: () => Promise<T>): Promise<T> {
  const claim = Math.min(Math.max(bytes, 0), BUDGET_BYTES); // a body larger than the budget goes alone
  if (waiting.length > 0 || inUse + claim > BUDGET_BYTES) {
    await new Promise<void>((admit) => waiting.push({ bytes: claim, admit }));
  } else {
    inUse += claim;
  }
  try {
    return await work();
  } finally {
    inUse -= claim;
    while (waiting.length > 0 && inUse + waiting[0].bytes <= BUDGET_BYTES) {
      const next = waiting.shift()!;
      inUse += next.bytes;
      next.admit();
    }
  }
}

/** For tests: bytes admitted now, and requests waiting. */
export const bodyBudgetState = () => ({ inUse, waiting: waiting.length });
