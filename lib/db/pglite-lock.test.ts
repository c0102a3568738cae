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
    expect(readFileSync(path.join(folder, 'imagedock.pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(folder, 'imagedock.pid'))).toBe(false);
  });
});
