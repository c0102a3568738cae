// npm test – build once, start PostgreSQL and Ceph RGW (the S3 server) once, then run every
// suite (Vitest: unit + integration; Playwright: end-to-end) against them, and print one
// total. Both servers are stopped at the end, also on failure, Ctrl-C or SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startPostgresCluster } from '../test/infra/postgres';
import { startS3Server } from '../test/infra/s3';
import { stopOnExit } from '../test/infra/stop-on-exit';

const root = path.resolve(import.meta.dirname, '..');
// Not test-results/: Playwright empties that folder when it starts.
const reports = path.join(root, '.test-reports');
const strict = process.env.CI === 'true';
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

// Async, not spawnSync: a blocked event loop would hold SIGTERM until the suite ended,
// leaving the servers running if the caller then gave up and killed us.
let running: ChildProcess | null = null;
function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  console.log(`\n▶ ${title}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    running = child;
    child.once('error', () => resolve(1));
    child.once('exit', (code) => {
      running = null;
      resolve(code ?? 1);
    });
  });
}

async function main() {
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  delete env.DATABASE_URL;
  for (const key of Object.keys(env)) if (key.startsWith('S3_')) delete env[key];

  // Before anything runs: the whole tree linted, format-checked and its import boundaries and
  // cycles checked (Biome), then dead files, exports and dependencies (knip).
  if ((await step('lint, format, import boundaries and cycles (Biome)', bin('biome'), ['ci', '.'], env)) !== 0) process.exit(1);
  if ((await step('dead code (knip)', bin('knip'), [], env)) !== 0) process.exit(1);
  if ((await step('next build', process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], env)) !== 0) process.exit(1);
  if ((await step('CLI bundles', process.execPath, [path.join(root, 'scripts/build-cli.mjs')], env)) !== 0) process.exit(1);

  let pg: Awaited<ReturnType<typeof startPostgresCluster>> | null = null;
  let s3: Awaited<ReturnType<typeof startS3Server>> | null = null;
  // pg.stop() does its work synchronously before its promise settles.
  const unregister = stopOnExit(() => {
    s3?.stopSync();
    void pg?.stop().catch(() => {});
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      running?.kill(signal);
      process.exit(code);
    });
  }
  pg = await startPostgresCluster().catch((err: Error) => {
    if (strict) throw err;
    console.warn(`PostgreSQL tests will not run: ${err.message}`);
    return null;
  });
  s3 = await startS3Server().catch((err: Error) => {
    if (strict) throw err;
    console.warn(`S3 tests will not run: ${err.message}`);
    return null;
  });
  if (pg) env.TEST_PG_ADMIN_URL = pg.adminUrl;
  if (s3)
    env.TEST_S3_JSON = JSON.stringify({
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      region: s3.region,
    });

  let vitestCode = 1;
  let playwrightCode = 1;
  try {
    vitestCode = await step(
      'vitest (unit + integration)',
      bin('vitest'),
      ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(reports, 'vitest.json')}`],
      env,
    );
    playwrightCode = await step('playwright (end-to-end)', bin('playwright'), ['test'], {
      ...env,
      PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, 'playwright.json'),
    });
  } finally {
    unregister();
    await Promise.allSettled([pg?.stop(), s3?.stop()]);
  }

  const totals = { passed: 0, failed: 0, skipped: 0 };
  const vitest = readJson(path.join(reports, 'vitest.json')) as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    numTodoTests?: number;
  } | null;
  if (vitest) {
    totals.passed += vitest.numPassedTests ?? 0;
    totals.failed += vitest.numFailedTests ?? 0;
    totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  }
  const playwright = readJson(path.join(reports, 'playwright.json')) as {
    stats?: { expected: number; unexpected: number; flaky: number; skipped: number };
  } | null;
  if (playwright?.stats) {
    totals.passed += playwright.stats.expected + playwright.stats.flaky;
    totals.failed += playwright.stats.unexpected;
    totals.skipped += playwright.stats.skipped;
  }
  if (!vitest || !playwright) totals.failed += 1; // a suite that produced no report failed to run
  const failed = vitestCode !== 0 || playwrightCode !== 0 || totals.failed > 0;
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(failed ? 1 : 0);
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
