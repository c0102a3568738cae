// Two processes on one PGlite folder corrupt it silently (STACK.md), so the folder is
// guarded by a pid lock file. A lock whose pid is dead is stale and can be taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crossBundleBrand } from '../process-wide';

const inUseBrand = crossBundleBrand('DatabaseInUseError');

export class DatabaseInUseError extends Error {
  static [Symbol.hasInstance](value: unknown) {
    return inUseBrand.is(value);
  }

  constructor(readonly folder: string, readonly pid: number) {
    super(
      `The embedded database in ${folder} is in use by process ${pid} (probably \`npm start\`). ` +
        'PGlite cannot be opened by two processes at once. Stop that process and run this again, ' +
        'or run against PostgreSQL by setting DATABASE_URL.',
    );
    this.name = 'DatabaseInUseError';
    inUseBrand.mark(this);
  }
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DatabaseInUseError; returns the release function. */
export function lockPgliteFolder(folder: string): () => void {
  mkdirSync(folder, { recursive: true });
  const lockFile = path.join(folder, 'imagedock.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockFile, { force: true });
      process.once('exit', release);
      return () => {
        process.off('exit', release);
        release();
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) throw new DatabaseInUseError(folder, pid);
      rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`Could not take the database lock ${lockFile}`);
}
