// The closed list of named failure points (lib/faults.ts). A name outside it in
// IMAGEDOCK_FAILPOINTS stops the server at start-up instead of silently doing nothing.
const FAILURE_POINTS = [
  'promote:after-copy',
  'promote:before-commit',
  'promote:after-commit',
  'promote:before-temp-delete',
  'cleanup:after-claim',
  'generated:after-put',
  'webhooks:before-send',
  'regenerate:after-variant',
] as const;

export type FailurePoint = (typeof FAILURE_POINTS)[number];

/** `point`, `point:N` (the Nth time only) or `point:exit` (kill the process there). */
export interface FailureSpec {
  point: FailurePoint;
  nth: number | null;
  exit: boolean;
}

/** Parses IMAGEDOCK_FAILPOINTS; throws a message naming each entry that is not a known point. */
export function parseFailurePoints(spec: string): FailureSpec[] {
  const parsed: FailureSpec[] = [];
  const unknown: string[] = [];
  for (const entry of spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^(.*?)(?::(exit|\d+))?$/.exec(entry)!;
    const point = match[1] as FailurePoint;
    if (!FAILURE_POINTS.includes(point)) {
      unknown.push(entry);
      continue;
    }
    parsed.push({ point, nth: match[2] && match[2] !== 'exit' ? Number(match[2]) : null, exit: match[2] === 'exit' });
  }
  if (unknown.length > 0) throw new Error(`unknown failure point ${unknown.join(', ')} (known: ${FAILURE_POINTS.join(', ')})`);
  return parsed;
}
