// Decoding a 12 MP photo takes ~120 MB of native memory, and libuv would run four at once
// across requests. One process-wide queue keeps concurrent image work to what the cores can
// use, so ten simultaneous confirms cost two decodes of memory, not ten.
import os from 'node:os';
import sharp from 'sharp';

const LIMIT = Math.max(1, Math.min(2, os.availableParallelism()));
// sharp's operation cache only helps when the same file is processed again; here it never is.
sharp.cache(false);

let running = 0;
const waiting: (() => void)[] = [];

export async function withImageJob<T>(work: () => Promise<T>): Promise<T> {
  if (running < LIMIT) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}
