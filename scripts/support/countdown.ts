// The last chance to stop a destructive command: a visible countdown that Ctrl+C (SIGINT) or
// SIGTERM aborts before anything has changed.
export async function countdown(seconds: number, onTick: (left: number) => void): Promise<'go' | 'aborted'> {
  return new Promise((resolve) => {
    let left = seconds;
    const stop = (outcome: 'go' | 'aborted') => {
      clearInterval(timer);
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
      resolve(outcome);
    };
    const abort = () => stop('aborted');
    process.on('SIGINT', abort);
    process.on('SIGTERM', abort);
    onTick(left);
    const timer = setInterval(() => {
      left -= 1;
      if (left <= 0) stop('go');
      else onTick(left);
    }, 1000);
  });
}

/**
 * Past the countdown a signal would kill the process mid-transaction (PostgreSQL rolls back,
 * but an embedded PGlite folder may not survive): say so and let the work finish.
 */
export async function withoutInterruption<T>(notice: () => void, work: () => Promise<T>): Promise<T> {
  process.on('SIGINT', notice);
  process.on('SIGTERM', notice);
  try {
    return await work();
  } finally {
    process.off('SIGINT', notice);
    process.off('SIGTERM', notice);
  }
}
