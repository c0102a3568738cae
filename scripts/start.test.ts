import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

describe('npm start', () => {
  it('exits non-zero naming every bad variable before building or serving', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: 'abc', S3_ENDPOINT: 'nope' },
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^\s+PORT: expected a port number \(1-65535\) \(got "abc"\)$/m);
    expect(result.stderr).toMatch(/^\s+S3_ENDPOINT: expected an http\(s\) URL.*\(got "nope"\)$/m);
    expect(result.stdout).not.toContain('Building');
  });
});
