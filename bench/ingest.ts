// POST /api/images with a 1024×1024 PNG: server time against a running app (PGlite + local
// disk), as the app reports it in Server-Timing (from the request reaching the route to the
// answer: body read, auth, rate limit, decode, checks, thumbnail, puts, row), vs the floor in
// this process: base64 decode + sharp metadata + thumbnail/placeholder + storage put of the
// same bytes. The time the client saw is printed too. Then the app's peak RSS while it takes
// 10 concurrent 10 MB posts.
// Needs a build (`npm run build`). Last line: `ingest: <ratio>x (target <= 1.3, peak RSS <= 500 MB) PASS|FAIL`.
//   npx tsx bench/ingest.ts
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startApp } from '../test/infra/app';
import { signUp } from '../test/infra/client';
import { LocalStorageDriver } from '../lib/storage/local';
import { makeThumbnail } from '../lib/images/thumbnail';
import { median } from './support/isolate';

const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 500;
const ROUNDS = 15;

async function renderLikePng(width: number, height: number) {
  // Smooth colour fields with a fine grain, filtered and deflated as image generators write
  // them: ~1.5 MB at 1024², like a generated render.
  const fields = await sharp(randomBytes(32 * 32 * 3), { raw: { width: 32, height: 32, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  const grain = randomBytes(fields.length);
  for (let i = 0; i < fields.length; i++) fields[i] = Math.min(255, Math.max(0, fields[i] + (grain[i] % 4) - 2));
  return sharp(fields, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 6, adaptiveFiltering: true })
    .toBuffer();
}

const peakRssMb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)![1]) / 1024;

async function main() {
  const png = await renderLikePng(1024, 1024);
  const base64 = png.toString('base64');
  // The app as it runs day to day: on a data folder it has started on before. The very first
  // start also creates the PGlite cluster (initdb), a one-off that peaks far higher; printed apart.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ingest-app-'));
  const appEnv = { SERVICE_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'silent', DATA_DIR: dataDir };
  const first = await startApp({ database: 'pglite', storage: 'local', env: appEnv });
  const firstStartPeak = peakRssMb(first.process.pid!);
  await first.stop();
  const app = await startApp({ database: 'pglite', storage: 'local', env: appEnv });
  try {
    const user = await signUp(app.url);
    const { key } = (await user.json<{ key: string }>('/api/keys', { name: 'bench' })).body;
    const post = async (imageData: string) => {
      const body = JSON.stringify({ prompt: 'bench', imageData });
      const started = performance.now();
      const res = await fetch(`${app.url}/api/images`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 201) throw new Error(`POST /api/images: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      const server = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
      if (!server) throw new Error('no Server-Timing in the answer');
      if (process.env.TRACE) console.log(res.headers.get('server-timing'));
      return { server: Number(server[1]), client: performance.now() - started };
    };

    const store = new LocalStorageDriver({ root: mkdtempSync(path.join(os.tmpdir(), 'ingest-floor-')), baseUrl: 'http://127.0.0.1:9', secret: 'f'.repeat(40) });
    const floor = async () => {
      const started = performance.now();
      const bytes = Buffer.from(base64, 'base64');
      await sharp(bytes).metadata();
      const { thumbnail } = await makeThumbnail(sharp(bytes));
      const id = randomBytes(8).toString('hex');
      await Promise.all([
        store.put({ key: `users/u/${id}.png`, body: bytes, contentType: 'image/png' }),
        store.put({ key: `users/u/${id}.thumb.webp`, body: thumbnail, contentType: 'image/webp' }),
      ]);
      return performance.now() - started;
    };

    for (let i = 0; i < 3; i++) {
      await post(base64);
      await floor();
    }
    const server: number[] = [];
    const client: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const timing = await post(base64);
      server.push(timing.server);
      client.push(timing.client);
      direct.push(await floor());
    }
    const ratio = median(server) / median(direct);

    // Pure noise barely compresses: 1800×1800 RGB is just under 10 MB as PNG.
    const tenMb = await sharp(randomBytes(1800 * 1800 * 3), { raw: { width: 1800, height: 1800, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    console.log(`png ${(png.byteLength / 1e6).toFixed(2)} MB; large png ${(tenMb.byteLength / 1e6).toFixed(2)} MB`);
    const bigBase64 = tenMb.toString('base64');
    const rssMb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024;
    console.log(`app peak RSS at its very first start (PGlite initdb, once per data folder): ${firstStartPeak.toFixed(0)} MB`);
    console.log(
      `app RSS before the 10 concurrent large posts: ${rssMb(app.process.pid!).toFixed(0)} MB (peak so far ${peakRssMb(app.process.pid!).toFixed(0)} MB)`,
    );
    // Peak RSS from here on only: "5" resets the process's high-water mark (VmHWM) to its RSS now.
    writeFileSync(`/proc/${app.process.pid}/clear_refs`, '5');
    await Promise.all(Array.from({ length: 10 }, () => post(bigBase64)));
    const peak = peakRssMb(app.process.pid!);

    console.log('path                        median ms');
    console.log(`POST /api/images (server)   ${median(server).toFixed(1).padStart(9)}`);
    console.log(`  as the client saw it      ${median(client).toFixed(1).padStart(9)}`);
    console.log(`floor (decode+meta+thumb+put) ${median(direct).toFixed(1).padStart(7)}`);
    console.log(`app peak RSS after 10 concurrent large posts: ${peak.toFixed(0)} MB`);
    const pass = ratio <= TARGET_RATIO && peak <= TARGET_RSS_MB;
    console.log(`ingest: ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}, peak RSS <= ${TARGET_RSS_MB} MB) ${pass ? 'PASS' : 'FAIL'}`);
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
