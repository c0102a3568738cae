// npm run media|cleanup -- …: runs the command's bundle, built by `npm run build`
// (scripts/build-cli.mjs). Nothing is compiled or written here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const name = process.argv[2] ?? '';
const bundle = path.join(root, 'dist', 'cli', `${name}.mjs`);
if (!/^[a-z-]+$/.test(name) || !existsSync(path.join(root, 'scripts', `${name}.ts`))) {
  console.error('Usage: node scripts/cli.mjs <media|cleanup|admin> [options]');
  process.exit(2);
}
if (!existsSync(bundle)) {
  console.error(`imagedock's command-line tools are not built yet: run \`npm run build\` (or \`npm start\`), then this again.`);
  process.exit(1);
}
// The command parses process.argv.slice(2) as its own options.
process.argv.splice(2, 1);
await import(pathToFileURL(bundle).href);
