// npm run bench -- NAME [args…]: runs bench/NAME.ts in its own process with tsx and exits
// with its status. No name, or an unknown one, lists the benches.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const BENCH_DIR = import.meta.dirname;
const ROOT = path.dirname(BENCH_DIR);

// Every bench/NAME.ts except this runner (and scratch files, which start with _).
const benches = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();

const usage = () => `Usage: npm run bench -- NAME\n\nBenches:\n${benches.map((b) => `  ${b}`).join('\n')}`;

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '-h' || name === '--help') {
  console.log(usage());
  process.exit(0);
}
if (!benches.includes(name)) {
  console.error(`Unknown bench "${name}".\n\n${usage()}`);
  process.exit(2);
}

// A fresh process per bench: a bench's heap, sharp cache and PGlite never colour another's.
// The repo root is the working directory, where the migrations are looked up.
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const child = spawn(process.execPath, [tsxCli, path.join(BENCH_DIR, `${name}.ts`), ...rest], { cwd: ROOT, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  console.error(`Could not start bench ${name}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  // Killed by a signal: report it the way a shell would (128 + its number).
  process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
});
