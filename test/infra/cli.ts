// The CLIs (`npm run admin|media|cleanup`) as an operator runs them: node scripts/cli.mjs in a
// child process from the repo root, with only PATH and HOME of this shell.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Each run starts a Node process (seconds on a busy machine): generous time limits. */
export const CLI_TIMEOUT = 180_000;

/** Required beside DATABASE_URL, where nothing is generated for the embedded mode. */
export const CLI_SECRETS = {
  BETTER_AUTH_SECRET: 'b'.repeat(40),
  CRON_SECRET: 'c'.repeat(20),
  PAYMENT_WEBHOOK_SECRET: 'whsec_testtesttesttest',
  IMAGE_URL_SECRET: 'i'.repeat(40),
};

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `npm run <command> -- …args` with `env`; `onStart` gets the child (to signal it), the promise what it printed once it exits. */
export function runCli(command: 'admin' | 'media', args: string[], env: Record<string, string>, onStart?: (child: ChildProcess) => void): Promise<CliOutcome> {
  const child = spawn(process.execPath, ['scripts/cli.mjs', command, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  onStart?.(child);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, ...out })));
}

/** The same as a deployment runs it (NODE_ENV=production), waited for, for at most a minute. */
export function runCliSync(command: 'admin' | 'cleanup', args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['scripts/cli.mjs', command, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'silent', ...env },
  });
}
