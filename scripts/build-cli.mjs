// Part of `npm run build`: bundles each CLI (scripts/<name>.ts) into dist/cli/<name>.mjs with
// esbuild, so `npm run media|cleanup` run plain JavaScript (no TypeScript loader, ~30 MB less)
// and nothing is written when they run (a read-only deployment works). Packages stay external.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const CLI_COMMANDS = ['media', 'cleanup', 'admin'];

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist', 'cli');
mkdirSync(outDir, { recursive: true });
const result = await esbuild.build({
  entryPoints: Object.fromEntries(CLI_COMMANDS.map((name) => [name, path.join(root, 'scripts', `${name}.ts`)])),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  // What a command imports lazily is a chunk of its own, so `media verify` never loads sharp.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  tsconfig: path.join(root, 'tsconfig.json'),
  write: false,
  outdir: outDir,
  logLevel: 'warning',
});
// Written aside and renamed, chunks before the entries that import them: a command starting
// during a build never runs half a file, nor an entry whose chunk is not there yet.
const chunksDir = path.join(outDir, 'chunks');
mkdirSync(chunksDir, { recursive: true });
const inChunks = (file) => file.path.startsWith(`${chunksDir}${path.sep}`);
for (const file of [...result.outputFiles].sort((a, b) => Number(inChunks(b)) - Number(inChunks(a)))) {
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, file.contents);
  renameSync(temp, file.path);
}
// Chunks of earlier builds (their names carry a hash of their contents) go.
const written = new Set(result.outputFiles.map((file) => file.path));
for (const name of readdirSync(chunksDir)) {
  const file = path.join(chunksDir, name);
  if (!written.has(file)) rmSync(file, { force: true });
}
console.log(`CLI bundles: ${CLI_COMMANDS.map((name) => `dist/cli/${name}.mjs`).join(', ')}`);
