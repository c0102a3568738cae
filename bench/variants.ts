// Image delivery (issue 20), on local disk or (--s3) the test S3 server:
// (a) a miss: the first md AVIF and WebP of a 12 MP phone JPEG through serveVariant (row,
//     signature, original read, render, store, answer) vs sharp alone doing the same decode,
//     resize and encode on the same bytes, in this process; target <= 1.2x;
// (b) a hit: requests/s of the route's handler (route() + serveVariant) on a stored md AVIF
//     vs a bare handler answering the same stored bytes (storage.read), both in this process,
//     8 at once; target >= 0.5x. Over HTTP too, for reference (next start vs the storage
//     route's signed GET on local disk; vs a plain node:http handler on S3);
// (c) 20 concurrent first requests for one variant: renders counted by the app's metric; = 1;
// (d) the public page of 10 phone photos in Chromium at 375 px, device scale 2: bytes
//     transferred vs the originals' bytes; target <= 15%;
// (e) 10 concurrent misses on 10 different 12 MP images: the app's peak RSS over its RSS
//     before; target <= 400 MB.
// Needs a build (`npm run build`). Last line: `variants: … PASS|FAIL`.
//   npx tsx bench/variants.ts [--s3]
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { isolateBench, median } from './support/isolate';

const tmp = await isolateBench('variants');
const kind = process.argv.includes('--s3') ? 's3' : 'local';

const { chromium } = await import('@playwright/test');
const { startApp, storageOf } = await import('../test/infra/app');
const { startS3Server } = await import('../test/infra/s3');
const { signUp } = await import('../test/infra/client');
const { newSession, uploadImages } = await import('../test/infra/uploads');
const { checkoutEvent, deliver } = await import('../test/infra/payments');
const { renders, settledRenders } = await import('../test/infra/variants');
const { makePhoto } = await import('../lib/variants/test-photos');
const { presetVersion } = await import('../lib/variants/presets');
const { urlKeys, variantQuery } = await import('../lib/variants/variant-signature');
type PresetName = import('../lib/variants/presets').PresetName;
type RequestFormat = import('../lib/variants/variant-signature').RequestFormat;
const { AVIF_ACCEPT, HIT_CLIENTS, HIT_SLICES, HIT_SLICE_MS, MISS_ROUNDS, measureInProcess, perSecond } = await import('./support/variants-in-process');

const PHOTOS = 10;

const rssMb = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))![1]) / 1024;

/** Requests/s of `url` with HIT_CLIENTS clients for `ms`. */
const rps = (url: string, ms: number, headers: Record<string, string> = {}) => perSecond(() => fetch(url, { headers, redirect: 'manual' }), ms);

async function main() {
  const s3 = kind === 's3' ? await startS3Server() : null;
  console.log(`variants bench on ${kind === 's3' ? 'the test S3 server' : 'local disk'} (PGlite)`);
  const started = performance.now();
  const photos: Buffer[] = [];
  for (let i = 0; i < PHOTOS; i++) photos.push(await makePhoto(4000, 3000));
  const originalBytes = photos.reduce((n, p) => n + p.byteLength, 0);
  console.log(
    `${PHOTOS} phone photos 4000x3000: ${(originalBytes / 1e6).toFixed(1)} MB in all (${((performance.now() - started) / 1000).toFixed(0)} s to make)`,
  );

  const { miss, hitInProcess } = await measureInProcess(photos[0], { tmp, kind, s3 });

  const app = await startApp({ database: 'pglite', storage: kind, s3, env: { LOG_LEVEL: 'silent', VARIANT_QUEUE_MAX: '64' } });
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    const owner = await signUp(app.url);
    const uploadSessionId = await newSession(owner);
    await uploadImages(
      owner,
      { uploadSessionId },
      photos.map((bytes, n) => ({ filename: `IMG_${n}.jpg`, type: 'image/jpeg', bytes })),
    );
    const checkout = await owner.json<{ listingId: string }>('/api/checkout', { uploadSessionId, title: 'Ten phone photos' });
    await deliver(app, checkoutEvent('checkout.session.completed', { listingId: checkout.body.listingId, uploadSessionId }));
    const listing = (await (await fetch(`${app.url}/api/public/listings/${checkout.body.listingId}`)).json()) as { images: { id: string; srcset: string }[] };
    if (listing.images.length !== PHOTOS) throw new Error('the listing was not published');
    // Signed as the app signs a published image's URLs (the bench knows the app's key).
    const keys = urlKeys(app.env.IMAGE_URL_SECRET);
    const variantOf = (i: number, preset: PresetName, format: RequestFormat) => {
      const imageId = listing.images[i].id;
      return `${app.url}/api/i/${imageId}/${preset}?${variantQuery(keys, { imageId, preset, format, version: presetVersion(preset), expires: null })}`;
    };

    // (e) first, on a quiet server: 10 different 12 MP images, lg WebP each, all at once.
    const pid = app.process.pid!;
    const rssBefore = rssMb(pid, 'VmRSS');
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const lgUrls = listing.images.map((_, i) => variantOf(i, 'lg', 'webp'));
    const lgAnswers = await Promise.all(lgUrls.map((u) => fetch(u, { redirect: 'manual' })));
    if (lgAnswers.some((r) => r.status !== 200)) throw new Error(`lg misses: ${lgAnswers.map((r) => r.status)}`);
    // Answers come before their stores: wait for all 10 to be stored.
    await settledRenders([app]);
    const rssAdded = rssMb(pid, 'VmHWM') - rssBefore;

    // (c) 20 at once for one variant not yet rendered.
    const before = await renders([app]);
    const one = variantOf(1, 'sm', 'avif');
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(one, { redirect: 'manual' })));
    if (answers.some((r) => r.status !== 200 && r.status !== 302)) throw new Error(`20 at once: ${answers.map((r) => r.status)}`);
    const rendersFor20 = (await settledRenders([app])) - before;

    // (d) the public page as a phone sees it: every image scrolled into view and loaded.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true });
    const page = await context.newPage();
    let transferred = 0;
    const byKind = new Map<string, number>();
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => null);
      const response = await request.response();
      if (!sizes || !response) return;
      const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
      transferred += bytes;
      const type = response.headers()['content-type']?.split(';')[0] ?? String(response.status());
      byKind.set(type, (byKind.get(type) ?? 0) + bytes);
    });
    await page.goto(`${app.url}/p/${checkout.body.listingId}`, { waitUntil: 'load' });
    for (let y = 0; y < 40; y++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(150);
    }
    // Every photo's tile, not vacuously none: a selector that matches nothing must not pass.
    await page.waitForFunction(
      (n) => {
        const shown = [...document.querySelectorAll('main.public-page li img')] as HTMLImageElement[];
        return shown.length >= n && shown.every((i) => i.complete && i.naturalWidth > 0);
      },
      PHOTOS,
      { timeout: 120_000 },
    );
    await page.waitForLoadState('networkidle');
    const chosen = await page.$$eval('main.public-page li img', (imgs) => imgs.map((i) => (i as HTMLImageElement).currentSrc.split('?')[0].split('/').pop()));
    const pageShare = transferred / originalBytes;

    // (b) hits: the md AVIF of image 2 (stored by the page above), vs a bare handler's same bytes.
    const hitUrl = variantOf(2, 'md', 'auto');
    const storage = await storageOf(app);
    const key = (await storage.list(`variants/${listing.images[2].id}/`)).objects.find((o) => /\/md-[0-9a-f]+\.avif$/.test(o.key))!.key;
    let bareUrl: string;
    let bareServer: ReturnType<typeof createServer> | null = null;
    if (kind === 'local') {
      bareUrl = await storage.presignGet({ key, expiresIn: 3600, responseContentType: 'image/avif' });
    } else {
      bareServer = createServer(async (_req, res) => {
        const bytes = await storage.read(key);
        res.writeHead(200, { 'content-type': 'image/avif', 'content-length': bytes.byteLength });
        res.end(bytes);
      });
      await new Promise<void>((resolve) => bareServer!.listen(0, '127.0.0.1', resolve));
      bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/`;
    }
    const hit: number[] = [];
    const floor: number[] = [];
    await rps(hitUrl, 500, { accept: AVIF_ACCEPT });
    await rps(bareUrl, 500);
    for (let s = 0; s < HIT_SLICES; s++) {
      hit.push(await rps(hitUrl, HIT_SLICE_MS, { accept: AVIF_ACCEPT }));
      floor.push(await rps(bareUrl, HIT_SLICE_MS));
    }
    bareServer?.close();
    const httpRatio = median(hit) / median(floor);
    const hitRatio = hitInProcess.ratio;

    console.log('\n(a) miss, md from a 12 MP JPEG       ours ms   sharp ms   ratio');
    for (const m of miss)
      console.log(
        `    ${m.format.padEnd(34)}${m.ours.toFixed(0).padStart(7)}${m.bare.toFixed(0).padStart(11)}${m.ratio.toFixed(2).padStart(8)}  (median of ${MISS_ROUNDS} paired rounds)`,
      );
    console.log(
      `(b) hit ${kind === 's3' ? '(302 to a presigned GET)' : '(stored bytes)'}, handlers in this process: ${hitInProcess.ours.toFixed(0)} req/s vs a bare handler (storage.read) ${hitInProcess.bare.toFixed(0)} req/s, ${hitRatio.toFixed(2)}x (${HIT_CLIENTS} at once; slice ratios ${hitInProcess.slices.join(' ')})`,
    );
    console.log(
      `    over HTTP (reference): next start ${median(hit).toFixed(0)} req/s vs ${kind === 's3' ? 'a plain node:http handler reading the object' : "the storage route's signed GET of the same object"} ${median(floor).toFixed(0)} req/s, ${httpRatio.toFixed(2)}x`,
    );
    console.log(`(c) 20 concurrent first requests: ${rendersFor20} render(s)`);
    console.log(
      `(d) public page at 375 px x2: ${(transferred / 1e6).toFixed(2)} MB transferred of ${(originalBytes / 1e6).toFixed(1)} MB of originals (${(pageShare * 100).toFixed(1)}%), saved ${((originalBytes - transferred) / 1e6).toFixed(1)} MB`,
    );
    for (const [type, bytes] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`      ${type.padEnd(28)}${(bytes / 1e3).toFixed(0).padStart(8)} kB`);
    console.log(`      images chosen: ${[...new Set(chosen)].join(', ')}`);
    console.log(`(e) 10 concurrent 12 MP misses: RSS ${rssBefore.toFixed(0)} MB before, peak +${rssAdded.toFixed(0)} MB`);

    const ratios = miss.map((m) => Number(m.ratio.toFixed(2)));
    const pass = ratios.every((r) => r <= 1.2) && Number(hitRatio.toFixed(2)) >= 0.5 && rendersFor20 === 1 && pageShare <= 0.15 && rssAdded <= 400;
    console.log(
      `\nvariants (${kind}): miss avif ${ratios[0].toFixed(2)}x webp ${ratios[1].toFixed(2)}x (target <= 1.2), hit ${hitRatio.toFixed(2)}x (target >= 0.5), ${rendersFor20} render for 20 requests (target 1), page ${(pageShare * 100).toFixed(1)}% of originals (target <= 15%), +${rssAdded.toFixed(0)} MB RSS (target <= 400) ${pass ? 'PASS' : 'FAIL'}`,
    );
    process.exitCode = pass ? 0 : 1;
  } finally {
    await browser?.close();
    await app.stop();
    await s3?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
