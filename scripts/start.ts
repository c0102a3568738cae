// npm start – validate the configuration, build when the build is missing or older than
// the sources, then serve with `next start`. Migrations run inside the server at start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EnvError, assertServable, loadEnv } from '@/lib/env';
import { servedAddresses } from '@/lib/origin/local-hosts';

const root = path.resolve(import.meta.dirname, '..');
const SOURCES = ['app', 'components', 'lib', 'drizzle', 'public', 'instrumentation.ts', 'next.config.ts', 'package.json', 'tsconfig.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function buildIsStale() {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  // The CLI bundles are part of the build (npm run build): missing ones are built too.
  if (!existsSync(buildId) || !existsSync(path.join(root, 'dist', 'cli', 'media.mjs'))) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((entry) => newestMtime(path.join(root, entry)) > built);
}

function main() {
  let config: ReturnType<typeof assertServable>;
  try {
    config = assertServable(loadEnv());
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (config.generatedSecrets.length > 0) {
    console.log(`First start: generated ${config.generatedSecrets.join(', ')} into ${path.join(config.dataDir, 'secrets.json')}`);
    if (config.generatedSecrets.includes('CRON_SECRET')) console.log(`Cron secret (Authorization: Bearer …): ${config.CRON_SECRET}`);
  }
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (buildIsStale()) {
    console.log('Building imagedock (sources changed or no build yet)…');
    const buildEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
    for (const args of [[nextBin, 'build'], [path.join(root, 'scripts', 'build-cli.mjs')]]) {
      const build = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: buildEnv });
      if (build.status !== 0) process.exit(build.status ?? 1);
    }
  }
  console.log(`imagedock (database: ${config.databaseMode}, storage: ${config.storageMode}) serving:`);
  for (const address of servedAddresses(config.APP_URL, config.PORT)) console.log(`  ${address}`);
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(config.PORT)], {
    cwd: root,
    stdio: 'inherit',
    // libvips decodes on several threads; with glibc's default of 8 arenas per core their
    // freed memory stays resident. Two arenas keep 10 concurrent confirms ~150 MB smaller.
    env: { MALLOC_ARENA_MAX: '2', ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
