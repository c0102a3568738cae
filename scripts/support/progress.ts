// A one-line progress display for long CLI runs: on stderr, and only on a terminal, so
// pipes and --json output stay clean.
export function progressLine(label: string) {
  const enabled = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(text: string) {
      if (!enabled || Date.now() - last < 100) return;
      last = Date.now();
      process.stderr.write(`\r\x1b[2K${label} ${text}`);
    },
    done() {
      if (enabled) process.stderr.write('\r\x1b[2K');
    },
  };
}

/** `30m`, `2h`, `1d` or a bare number of hours. */
export function parseDurationHours(value: string): number {
  const match = value.trim().match(/^(\d+(?:\.\d+)?)\s*(m|h|d)?$/i);
  if (!match) throw new Error(`Cannot read the duration "${value}" (try 30m, 2h or 1d)`);
  const n = Number(match[1]);
  const unit = (match[2] ?? 'h').toLowerCase();
  return unit === 'm' ? n / 60 : unit === 'd' ? n * 24 : n;
}
