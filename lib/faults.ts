// Named failure points for crash tests (the closed list is lib/failure-points.ts). They act
// only when the test harness sets IMAGEDOCK_TEST_HARNESS=1 beside IMAGEDOCK_FAILPOINTS: a
// leaked IMAGEDOCK_FAILPOINTS alone stops start-up (lib/env.ts), it never crashes a deployment
// mid-promotion. `point:1` fails the first time that point is reached, `point` every time, and
// `point:exit` kills the process there (a crash: no finally blocks, no clean-up).
import { env } from '@/lib/env';
import type { FailurePoint } from '@/lib/failure-points';
import { processWide } from '@/lib/process-wide';

export class InjectedFault extends Error {
  constructor(readonly point: string) {
    super(`injected fault at ${point}`);
    this.name = 'InjectedFault';
  }
}

export function failAt(point: FailurePoint) {
  const { failurePoints } = env();
  if (failurePoints.length === 0) return;
  const hits = processWide('failureHits', () => new Map<string, number>());
  for (const spec of failurePoints) {
    if (spec.point !== point) continue;
    if (spec.exit) process.exit(137);
    const count = (hits.get(point) ?? 0) + 1;
    hits.set(point, count);
    if (spec.nth === null || spec.nth === count) throw new InjectedFault(point);
  }
}
