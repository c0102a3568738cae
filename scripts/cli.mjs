// npm run media|cleanup -- …: runs scripts/<name>.ts as one bundled ES module. Under tsx the
// TypeScript loader thread alone holds ~30 MB and every start transforms each file again;
// here esbuild bundles the command once (and again only when a source is newer) into
// node_modules/.cache/imagedock-cli/, and node runs plain JavaScript. Packages stay external.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const COMMANDS = ['media', 'cleanup', 'admin'];
const SOURCES = ['lib', 'scripts', 'drizzle', 'package.json', 'tsconfig.json'];

const name = process.argv[2];
if (!COMMANDS.includes(name)) {
  console.error(`Usage: node scripts/cli.mjs <${COMMANDS.join('|')}> [options]`);
  process.exit(2);
}
const entry = path.join(root, 'scripts', `${name}.ts`);
const bundle = path.join(root, 'node_modules', '.cache', 'imagedock-cli', `${name}.mjs`);

function newestSource(file) {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((entryName) => newestSource(path.join(file, entryName))));
}

const builtAt = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (Math.max(...SOURCES.map((source) => newestSource(path.join(root, source)))) >= builtAt) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    tsconfig: path.join(root, 'tsconfig.json'), write: false, logLevel: 'warning',
  });
  await esbuild.stop();
  // Written aside and renamed: two commands starting at once never run half a file.
  mkdirSync(path.dirname(bundle), { recursive: true });
  const temp = `${bundle}.${process.pid}.tmp`;
  writeFileSync(temp, result.outputFiles[0].contents);
  renameSync(temp, bundle);
}

// The command parses process.argv.slice(2) as its own options.
process.argv.splice(2, 1);
await import(pathToFileURL(bundle).href);
