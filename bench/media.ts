// Snapshot and verify of 10,000 and then 100,000 image rows and objects on PGlite + local
// disk: rows per second for each, and peak RSS, which must stay flat (both stream in pages).
// Each measurement runs in a fresh child process, so seeding's memory is not counted.
// Last line: `media: <peak RSS at 100k / peak RSS at 10k>x (target <= 300 MB peak RSS) PASS|FAIL`.
//   npx tsx bench/media.ts
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../lib/db/client';
import { images, listings, users } from '../lib/db/schema';
import { LocalStorageDriver } from '../lib/storage/local';
import { createSnapshot } from '../lib/media/snapshot';
import { verifyMedia } from '../lib/media/verify';

const LIMIT_MB = 300;
const STEPS = [10_000, 100_000];
const PER_LISTING = 1000;
const INSERT_BATCH = 1000;
const BODY = Buffer.from('\x89PNG\r\n\x1a\n');
const MB = 1024 * 1024;

interface Measurement { images: number; snapshotRows: number; snapshotMs: number; verifyKeys: number; verifyMs: number; ok: boolean; peakRss: number; bytes: number }

// Objects go straight to disk in the local driver's layout (local-files.ts): the file, and a
// `~meta.json` sidecar whose size and mtime match it, as the driver itself would write.
// Synchronous calls: for 100,000 tiny files they are ~3x faster than promises here.
function writeObject(root: string, key: string) {
  const file = path.join(root, key);
  writeFileSync(file, BODY);
  const { mtimeMs } = statSync(file);
  writeFileSync(`${file}~meta.json`, JSON.stringify({ contentType: 'image/png', etag: '"bench"', size: BODY.length, mtimeMs }));
}

async function seed(dataDir: string, from: number, to: number) {
  const handle = await openDatabase({ dataDir });
  const root = path.join(dataDir, 'storage');
  try {
    const userId = 'bench-user';
    if (from === 0) await handle.db.insert(users).values({ id: userId, name: 'Bench', email: 'bench@example.test' });
    for (let start = from; start < to; start += PER_LISTING) {
      const [listing] = await handle.db.insert(listings).values({ userId, title: `Listing ${start / PER_LISTING}`, status: 'published' }).returning({ id: listings.id });
      mkdirSync(path.join(root, 'listings', listing.id), { recursive: true });
      const rows = Array.from({ length: PER_LISTING }, (_, i) => {
        const id = randomUUID();
        return { id, userId, listingId: listing.id, key: `listings/${listing.id}/${id}.png`, mimeType: 'image/png', byteSize: BODY.length, width: 1, height: 1, position: i, status: 'uploaded' as const, caption: `Image ${start + i}` };
      });
      for (let i = 0; i < rows.length; i += INSERT_BATCH) await handle.db.insert(images).values(rows.slice(i, i + INSERT_BATCH));
      for (const row of rows) writeObject(root, row.key);
    }
  } finally {
    await handle.close();
  }
}

/** Child process: snapshot then verify the whole library, sampling RSS every 50 ms. */
async function measure(dataDir: string): Promise<Measurement> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const handle = await openDatabase({ dataDir });
  const storage = new LocalStorageDriver({ root: path.join(dataDir, 'storage'), baseUrl: 'http://localhost:3000', secret: 'x'.repeat(40) });
  try {
    let start = performance.now();
    const snapshot = await createSnapshot(handle.db, { outDir: path.join(dataDir, 'exports') });
    const snapshotMs = performance.now() - start;
    rmSync(snapshot.file);
    start = performance.now();
    const verified = await verifyMedia(handle.db, storage);
    const verifyMs = performance.now() - start;
    const h = snapshot.header;
    return {
      images: h.totalImages, snapshotRows: h.totalImages + h.totalListings + h.totalUploadSessions, snapshotMs, bytes: snapshot.bytes,
      verifyKeys: verified.prefixes.reduce((n, p) => n + p.matched + p.missingOriginals + p.missingThumbnails + p.orphanObjects, 0),
      verifyMs, ok: verified.ok, peakRss: Math.max(peakRss, process.memoryUsage().rss),
    };
  } finally {
    clearInterval(sampler);
    await handle.close();
  }
}

function measureInChild(dataDir: string): Measurement {
  // The repo root as working directory: the migrations and the schema version are read there.
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'media.ts'), '--measure', dataDir], {
    cwd: path.dirname(import.meta.dirname), encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`measurement failed (exit ${child.status}):\n${child.stderr}`);
  return JSON.parse(line) as Measurement;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-bench-media-'));
  const results: Measurement[] = [];
  try {
    let seeded = 0;
    for (const target of STEPS) {
      let start = performance.now();
      await seed(dataDir, seeded, target);
      console.log(`seeded ${target - seeded} image rows and objects in ${((performance.now() - start) / 1000).toFixed(1)} s (library: ${target})`);
      seeded = target;
      start = performance.now();
      const m = measureInChild(dataDir);
      results.push(m);
      if (!m.ok || m.images !== target) throw new Error(`verify found the library out of step or incomplete: ${JSON.stringify(m)}`);
      const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
      console.log(`${target.toLocaleString('en-US')} images: snapshot ${rate(m.snapshotRows, m.snapshotMs)} rows/s (${(m.snapshotMs / 1000).toFixed(1)} s, ${(m.bytes / MB).toFixed(1)} MB), ` +
        `verify ${rate(m.verifyKeys, m.verifyMs)} keys/s (${(m.verifyMs / 1000).toFixed(1)} s), peak RSS ${(m.peakRss / MB).toFixed(0)} MB`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const [small, large] = results;
  const ratio = large.peakRss / small.peakRss;
  const pass = large.peakRss <= LIMIT_MB * MB;
  console.log(`media: ${ratio.toFixed(2)}x (target <= ${LIMIT_MB} MB peak RSS) ${pass ? 'PASS' : 'FAIL'}`);
  if (!pass) process.exitCode = 1;
}

if (process.argv[2] === '--measure') {
  measure(process.argv[3]).then((m) => console.log(JSON.stringify(m)), (err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
