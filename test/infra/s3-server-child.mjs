// Child process for test/infra/s3.ts: runs @20minutes/s3rver with two signature
// fixes applied in memory (node_modules stays untouched). Run with
// `node --openssl-legacy-provider` (paginated ListObjectsV2 answers 500 without it).
// argv: <directory> <bucket>; reports {port} over IPC, stops on 'stop' or when the parent goes.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const [directory, bucket] = process.argv.slice(2);

// Each fix must match the pinned 4.0.4 source exactly once, so an upgrade fails loudly
// instead of silently testing against an unpatched server.
const FIXES = [
  {
    why: 'the SDK signs bucket-level requests (ListObjectsV2, DeleteObjects) as /bucket/; the server canonicalised /bucket',
    from: ".map(encodeURIComponentRFC3986)\n      .join('/');\n",
    to: ".map(encodeURIComponentRFC3986)\n      .join('/');\n    if (ctx.path.endsWith('/') && !canonicalizedResource.endsWith('/')) canonicalizedResource += '/';\n",
  },
  {
    why: "SigV4 encodes query values per RFC 3986 (!'()* escaped); the server used encodeURIComponent",
    from: ': [param, value].map(encodeURIComponent).join(\'=\')',
    to: ': [param, value].map(encodeURIComponentRFC3986).join(\'=\')',
  },
];

function loadPatched(request) {
  const file = require.resolve(request);
  let source = readFileSync(file, 'utf8');
  for (const fix of FIXES) {
    const count = source.split(fix.from).length - 1;
    if (count !== 1) throw new Error(`s3rver patch no longer applies (${count} matches): ${fix.why}`);
    source = source.replace(fix.from, fix.to);
  }
  // Compile the fixed source as that very module, so routes.js picks it up from the cache.
  const patched = new Module(file);
  patched.filename = file;
  patched.paths = Module._nodeModulePaths(path.dirname(file));
  patched._compile(source, file);
  patched.loaded = true;
  require.cache[file] = patched;
}

loadPatched('@20minutes/s3rver/lib/middleware/authentication.js');
const S3rver = require('@20minutes/s3rver');

const cors = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket, configs: [cors] }],
});

const { port } = await server.run();
process.send?.({ port });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close().catch(() => undefined);
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
// The IPC channel closes when the parent exits, even if it crashed: never outlive it.
process.on('disconnect', () => void stop());
