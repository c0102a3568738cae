// Runs a synchronous stop when the process ends, however it ends, so throwaway servers
// (Ceph's daemons, PostgreSQL) never outlive a test run or a bench.

/**
 * Runs `stop` (synchronous) when this process ends for any reason: normal exit, a thrown
 * error, Ctrl-C or a kill, so no daemon outlives the run. Returns the un-registration.
 */
export function stopOnExit(stop: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    try {
      stop();
    } catch {
      // Exiting anyway: a daemon that cannot be signalled is already gone.
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    once();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    // Someone else listening (vitest, scripts/test.ts) decides how to end; else end as
    // the signal would have without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('exit', once);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    done = true;
    process.removeListener('exit', once);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
}
