// The one way tests wait for something the app does after it answers (a delivery, a mail, a
// stored render, a log line): read until the condition holds, or fail naming the last value.
export interface PollOptions {
  /** What is awaited, for the failure message. */
  what?: string;
  timeoutMs?: number;
  intervalMs?: number;
}

export async function pollUntil<T, S extends T>(read: () => T | Promise<T>, ok: (value: T) => value is S, options?: PollOptions): Promise<S>;
export async function pollUntil<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, options?: PollOptions): Promise<T>;
export async function pollUntil<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, options: PollOptions = {}): Promise<T> {
  const { what = 'condition', timeoutMs = 20_000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms; last: ${summarize(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function summarize(value: unknown) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text && text.length > 2000 ? `…${text.slice(-2000)}` : text;
}
