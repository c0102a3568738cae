import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockPgliteFolder } from './pglite-lock';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'imagedock-lock-'));

describe('lockPgliteFolder', () => {
  it('refuses a second opener while another live process holds the folder', async () => {
    const folder = tmp();
    // A real second process holds the lock file with its own pid.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(folder, 'imagedock.pid'), String(holder.pid));
      expect(() => lockPgliteFolder(folder)).toThrow(DatabaseInUseError);
      expect(() => lockPgliteFolder(folder)).toThrow(/in use by process \d+.*Stop that process/);
    } finally {
      holder.kill();
    }
  });

  it('takes over a stale lock whose process is gone', async () => {
    const folder = tmp();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(path.join(folder, 'imagedock.pid'), String(gone.pid));
    const release = lockPgliteFolder(folder);
    expect(readFileSync(path.join(folder, 'imagedock.pid'), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    release();
    expect(existsSync(path.join(folder, 'imagedock.pid'))).toBe(false);
  });
});

describe('taking over a stale lock', () => {
  const stalePid = async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    return gone.pid!;
  };

  it('lets exactly one of two openers that found the same stale lock win', async () => {
    const folder = tmp();
    writeFileSync(path.join(folder, 'imagedock.pid'), String(await stalePid()));
    let releaseB: (() => void) | undefined;
    // A has read the stale pid; B completes its own takeover before A acts on what it read.
    const openA = () =>
      lockPgliteFolder(folder, {
        beforeTakeover: () => {
          releaseB ??= lockPgliteFolder(folder);
        },
      });
    expect(openA).toThrow(DatabaseInUseError);
    expect(releaseB).toBeTypeOf('function');
    expect(readFileSync(path.join(folder, 'imagedock.pid'), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    // A second opener in the same process is refused while B holds it, and B's release frees it.
    expect(() => lockPgliteFolder(folder)).toThrow(DatabaseInUseError);
    releaseB!();
    expect(existsSync(path.join(folder, 'imagedock.pid'))).toBe(false);
    lockPgliteFolder(folder)();
  });

  it('with six processes racing for one stale lock, exactly one opens', async () => {
    const folder = tmp();
    writeFileSync(path.join(folder, 'imagedock.pid'), String(await stalePid()));
    const start = Date.now() + 1500; // one moment for all of them, after they have loaded
    const script = `
      import { lockPgliteFolder } from ${JSON.stringify(path.join(import.meta.dirname, 'pglite-lock.ts'))};
      while (Date.now() < ${start}) {}
      try { lockPgliteFolder(${JSON.stringify(folder)}); console.log('opened'); setTimeout(() => {}, 1500); }
      catch (err) { console.log(err.name); }`;
    const outcomes = await Promise.all(
      Array.from(
        { length: 6 },
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
              cwd: path.resolve(import.meta.dirname, '../..'),
            });
            let out = '';
            child.stdout.on('data', (d) => (out += d));
            child.stderr.on('data', (d) => (out += d));
            child.once('exit', () => resolve(out.trim()));
          }),
      ),
    );
    expect(outcomes.filter((o) => o === 'opened')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DatabaseInUseError')).toHaveLength(5);
  });

  it('never removes a lock it no longer holds', () => {
    const folder = tmp();
    const release = lockPgliteFolder(folder);
    // Someone replaced the file (an operator, or a takeover after this process was presumed dead).
    writeFileSync(path.join(folder, 'imagedock.pid'), '999999 someone-else\n');
    release();
    expect(readFileSync(path.join(folder, 'imagedock.pid'), 'utf8')).toBe('999999 someone-else\n');
  });
});
