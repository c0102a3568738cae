// Exponential backoff with jitter: the first retry within 5 s, then doubling up to an hour,
// each wait drawn from its upper half so many failures never retry in lockstep.
const FIRST_SECONDS = 5;
const MAX_SECONDS = 3600;

/** Seconds to wait after the `attempts`-th failed attempt (1-based). */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random) {
  const ceiling = Math.min(FIRST_SECONDS * 2 ** Math.max(0, attempts - 1), MAX_SECONDS);
  return ceiling / 2 + random() * (ceiling / 2);
}
