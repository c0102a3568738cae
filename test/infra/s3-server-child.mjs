// Child process for test/infra/s3.ts: runs @20minutes/s3rver with fixes that make it
// answer like S3, applied in memory (node_modules stays untouched). Run with
// `node --openssl-legacy-provider` (paginated ListObjectsV2 answers 500 without it).
// argv: <directory> <bucket>; reports {port} over IPC, stops on 'stop' or when the parent goes.
import { readdirSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
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

// S3 lists keys in byte order; s3rver walked folders in readdir order, so `a/x` came
// before `a-b`, and its startAfter pagination then skipped `a-b` for good. Patched before
// the store module loads, since it destructures `walk` at require time.
const utils = require('@20minutes/s3rver/lib/utils.js');
utils.walk = function* walk(dir, recurseFilter) {
  const entries = readdirSync(dir, { withFileTypes: true })
    .map((entry) => ({ entry, sortKey: entry.isDirectory() ? `${entry.name}/` : entry.name.replace(/\._S3rver_.*$/, '') }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.entry.name < b.entry.name ? -1 : 1));
  for (const { entry } of entries) {
    const filePath = path.posix.join(dir, entry.name);
    if (!entry.isDirectory()) yield filePath;
    else if (!recurseFilter || recurseFilter(filePath)) yield* walk(filePath, recurseFilter);
  }
};

// S3 answers 416 to any range on an empty object; s3rver promised one byte it did not
// have and the connection was reset. No content + a range is its own 416 path.
const FilesystemStore = require('@20minutes/s3rver/lib/stores/filesystem.js');
const getObject = FilesystemStore.prototype.getObject;
FilesystemStore.prototype.getObject = async function (bucket, key, options) {
  const object = await getObject.call(this, bucket, key, options);
  if (object?.range && object.size === 0 && object.content) {
    object.content.destroy();
    object.content = null;
  }
  return object;
};

// S3 stores an upload only once all of it arrived; s3rver streamed into the final file,
// so a client hanging up mid-body left a partial object. Stream to a side file (its name
// is not an object's, so never listed) and rename on success.
const putContent = FilesystemStore.prototype.putContent;
let sideFiles = 0;
FilesystemStore.prototype.putContent = async function (objectPath, content) {
  if (Buffer.isBuffer(content)) return putContent.call(this, objectPath, content);
  const partial = `${objectPath}.partial-${process.pid}-${++sideFiles}`;
  try {
    const result = await putContent.call(this, partial, content);
    await rename(partial, objectPath);
    return result;
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
};

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
// Node's 5 s keep-alive closed idle sockets the SDK was about to reuse ("socket hang up"
// under bursts of requests); S3 keeps idle connections open far longer.
server.httpServer.keepAliveTimeout = 60_000;
server.httpServer.headersTimeout = 65_000;
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
