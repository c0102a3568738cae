// Named failure points for crash tests. IMAGEDOCK_FAILPOINTS is a test-only setting:
// `promote:after-copy:1` fails the first time that point is reached, `name` every time, and
// `name:exit` kills the process there (a crash: no finally blocks, no clean-up).
// Unset in every real deployment, where failAt() is a no-op.
import { env } from '@/lib/env';

export class InjectedFault extends Error {
  constructor(readonly point: string) {
    super(`injected fault at ${point}`);
    this.name = 'InjectedFault';
  }
}

const hits = new Map<string, number>();

export function failAt(point: string) {
  const spec = env().IMAGEDOCK_FAILPOINTS;
  if (!spec) return;
  for (const entry of spec.split(',')) {
    if (entry.trim() === `${point}:exit`) process.exit(137);
    const [name, nth] = splitEntry(entry.trim());
    if (name !== point) continue;
    const count = (hits.get(point) ?? 0) + 1;
    hits.set(point, count);
    if (nth === null || nth === count) throw new InjectedFault(point);
  }
}

function splitEntry(entry: string): [string, number | null] {
  const match = entry.match(/^(.*):(\d+)$/);
  return match ? [match[1], Number(match[2])] : [entry, null];
}
