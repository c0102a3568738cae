// Two openers on one PGlite folder corrupt it silently (STACK.md), so the folder is guarded
// by a lock file naming its holder: `<pid> <token>`, linked into place whole. A lock whose holder is gone is stale and
// can be taken over; the takeover runs under a guard directory (mkdir is atomic), so two
// openers that find the same stale lock can never both win, and a holder only ever removes
// a lock that still names it.
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crossBundleError, processWide } from '../process-wide';

export class DatabaseInUseError extends crossBundleError('DatabaseInUseError') {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${folder} is in use by process ${pid} (probably \`npm start\`). ` +
        'PGlite cannot be opened by two processes at once. Stop that process and run this again, ' +
        'or run against PostgreSQL by setting DATABASE_URL.',
    );
  }
}

/** Tokens of the locks this process holds: a second opener in the same process is refused too. */
const heldHere = () => processWide('pgliteLocks', () => new Set<string>());

// A takeover guard older than this was left by an opener that crashed mid-takeover.
const GUARD_STALE_MS = 10_000;

interface Holder {
  pid: number;
  token: string | null;
  text: string;
}

function readHolder(lockFile: string): Holder | null {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const [pidText, token] = text.trim().split(/\s+/);
  return { pid: Number.parseInt(pidText, 10), token: token ?? null, text };
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

// Our own pid in a lock we do not hold is a previous run whose pid was reused (a container).
function isHeld(holder: Holder) {
  if (!Number.isInteger(holder.pid)) return false;
  return holder.pid === process.pid ? holder.token !== null && heldHere().has(holder.token) : isAlive(holder.pid);
}

/** Removes `stale` if the lock file still holds exactly it, under the takeover guard. */
function takeOver(lockFile: string, stale: Holder) {
  const guard = `${lockFile}.takeover`;
  try {
    mkdirSync(guard);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (Date.now() - statSync(guard, { throwIfNoEntry: false })!.mtimeMs > GUARD_STALE_MS) rmSync(guard, { recursive: true, force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); // another opener is taking over: look again shortly
    return;
  }
  try {
    if (readHolder(lockFile)?.text === stale.text) rmSync(lockFile, { force: true });
  } finally {
    rmdirSync(guard);
  }
}

export interface LockSeams {
  /** Test seam: runs after a stale lock was found, before it is taken over. */
  beforeTakeover?: () => void;
}

/** Takes the lock or throws DatabaseInUseError; returns the release function. */
export function lockPgliteFolder(folder: string, seams: LockSeams = {}): () => void {
  mkdirSync(folder, { recursive: true });
  const lockFile = path.join(folder, 'imagedock.pid');
  for (let attempt = 0; attempt < 20; attempt++) {
    const token = randomUUID();
    // Written whole, then linked into place (link fails if the lock exists): another opener
    // never sees an empty lock file, which it would take for a stale one and remove.
    const draft = `${lockFile}.${token}`;
    writeFileSync(draft, `${process.pid} ${token}\n`);
    try {
      linkSync(draft, lockFile);
      heldHere().add(token);
      const release = () => {
        heldHere().delete(token);
        if (readHolder(lockFile)?.token === token) rmSync(lockFile, { force: true });
      };
      process.once('exit', release);
      return () => {
        process.off('exit', release);
        release();
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(draft, { force: true });
    }
    const holder = readHolder(lockFile);
    if (!holder) continue; // released in between: try again
    if (isHeld(holder)) throw new DatabaseInUseError(folder, holder.pid);
    seams.beforeTakeover?.();
    takeOver(lockFile, holder);
  }
  throw new Error(`Could not take the database lock ${lockFile}`);
}
