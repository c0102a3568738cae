// Promotion of a paid listing's 10 images (promoteListing(): server-side copies pinned to the
// confirmed ETags, one transaction, temp area swept) on PGlite + the S3 driver against the
// test S3 server, vs the baseline: 10 sequential storage.copy() calls of the same ~200 KB
// objects. Also the bytes the app reads from storage during promotion, counted at the
// driver (read/readRange) and on the wire (Content-Length of every GetObject answer).
// Last line: `promote: <sequential / promotion>x (target >= 4, N bytes read, target 0) PASS|FAIL`.
//   npx tsx bench/promote.ts
import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { isolateBench, median } from './support/isolate';

const TARGET = 4;
const IMAGES = 10;
const WARMUP = 2;
const REPS = 7;

const tmp = await isolateBench('promote');

const { and, eq, isNull } = await import('drizzle-orm');
const { openDatabase } = await import('../lib/db/client');
const { images, listings, paymentEvents } = await import('../lib/db/schema');
const { promoteListing } = await import('../lib/payments/promote-listing');
const { startS3Server } = await import('../test/infra/s3');
const { seedListing, seedSession, seedUser, testStorage } = await import('../test/infra/seed');
type Db = import('../lib/db/client').Db;
type StorageDriver = import('../lib/storage/driver').StorageDriver;
type S3StorageDriver = import('../lib/storage/s3').S3StorageDriver;
type Calls = Map<string, { n: number; first: number; last: number }>;

/** A noisy 800×600 JPEG (~200 KB, as a phone export would be) and its 400-px WebP thumbnail. */
async function makeObjects() {
  const raw = { raw: { width: 800, height: 600, channels: 3 as const } };
  const jpeg = await sharp(randomBytes(800 * 600 * 3), raw).linear(0.25, 96).jpeg({ quality: 90 }).toBuffer();
  return { jpeg, thumbnail: await sharp(jpeg).resize({ width: 400 }).webp().toBuffer() };
}

/** Counts what the app reads: bytes returned by read/readRange, and every S3 call by command. */
function instrument(driver: S3StorageDriver) {
  const seen = { driverBytes: 0, getObjectBytes: 0, calls: new Map() as Calls };
  const { read, readRange } = driver;
  driver.read = async (key) => {
    const bytes = await read.call(driver, key);
    seen.driverBytes += bytes.byteLength;
    return bytes;
  };
  driver.readRange = async (key, length) => {
    const bytes = await readRange.call(driver, key, length);
    seen.driverBytes += bytes.byteLength;
    return bytes;
  };
  driver.client.middlewareStack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      const result = await next(args);
      const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      const call = seen.calls.get(command) ?? { n: 0, first: start, last: 0 };
      seen.calls.set(command, { n: call.n + 1, first: Math.min(call.first, start), last: performance.now() });
      const length = (result.response as { headers?: Record<string, string> }).headers?.['content-length'];
      if (command === 'GetObject') seen.getObjectBytes += Number(length ?? 0);
      return result;
    },
    { step: 'deserialize', name: 'benchCountResponses' },
  );
  const reset = () => {
    seen.driverBytes = 0;
    seen.getObjectBytes = 0;
    seen.calls.clear();
  };
  return { seen, reset };
}

/** A paid checkout about to be promoted: session, pending listing, claimed event, 10 confirmed images. */
async function seedCheckout(db: Db, storage: StorageDriver, userId: string, objects: { jpeg: Buffer; thumbnail: Buffer }) {
  const uploadSessionId = await seedSession(db, userId);
  const listingId = await seedListing(db, userId, 'pending_payment', uploadSessionId);
  const eventId = `evt_bench_${randomBytes(8).toString('hex')}`;
  await db.insert(paymentEvents).values({ id: eventId, type: 'checkout.session.completed', state: 'processing', lockedUntil: new Date(Date.now() + 60_000) });
  for (let i = 0; i < IMAGES; i++) {
    const id = randomUUID();
    const key = `temp/${uploadSessionId}/${Date.now()}-${id}.jpg`;
    const thumbnailKey = key.replace(/\.jpg$/, '.thumb.webp');
    const { etag } = await storage.put({ key, body: objects.jpeg, contentType: 'image/jpeg' });
    await storage.put({ key: thumbnailKey, body: objects.thumbnail, contentType: 'image/webp' });
    await db.insert(images).values({
      id, userId, uploadSessionId, key, thumbnailKey, mimeType: 'image/jpeg', byteSize: objects.jpeg.byteLength, width: 800, height: 600,
      status: 'uploaded', etag, position: i, confirmedAt: new Date(),
    });
  }
  return { uploadSessionId, listingId, eventId };
}

async function assertPromoted(db: Db, storage: StorageDriver, { uploadSessionId, listingId, eventId }: Awaited<ReturnType<typeof seedCheckout>>) {
  const [listing] = await db.select().from(listings).where(eq(listings.id, listingId));
  const moved = await db.select().from(images).where(eq(images.listingId, listingId));
  const left = await db.select().from(images).where(and(eq(images.uploadSessionId, uploadSessionId), isNull(images.listingId)));
  const [event] = await db.select().from(paymentEvents).where(eq(paymentEvents.id, eventId));
  const temp = await storage.list(`temp/${uploadSessionId}/`);
  const heads = await Promise.all(moved.flatMap((r) => [storage.head(r.key), storage.head(r.thumbnailKey!)]));
  if (listing.status !== 'published' || moved.length !== IMAGES || left.length > 0 || event.state !== 'done' || temp.objects.length > 0 || heads.some((h) => !h)) {
    throw new Error('promotion did not finish the job');
  }
  return moved;
}


/** Where one promotion's time went, from when its S3 requests were sent and answered. */
function phasesOf(calls: Calls, start: number, end: number) {
  const at = (command: string) => calls.get(command) ?? { n: 0, first: end, last: end };
  const [copy, del] = [at('CopyObject'), at('DeleteObjects')];
  return {
    'SELECT listing + images': copy.first - start,
    'copies (all at once)': copy.last - copy.first,
    'transaction (one UPDATE for the rows)': del.first - copy.last,
    'DeleteObjects of the temp keys': del.last - del.first,
    'after the last request': end - del.last,
  };
}

async function main() {
  const server = await startS3Server();
  const handle = await openDatabase({ dataDir: path.join(tmp, 'db') });
  try {
    const { db } = handle;
    const storage = (await testStorage('s3', server)) as S3StorageDriver;
    const counter = instrument(storage);
    const objects = await makeObjects();
    const userId = await seedUser(db);
    const times = { sequential: [] as number[], promotion: [] as number[], parallel: [] as number[] };
    const phases = new Map<string, number[]>();
    const requests = new Map<string, Set<number>>();
    let bytesRead = 0;

    for (let rep = 0; rep < WARMUP + REPS; rep++) {
      const checkout = await seedCheckout(db, storage, userId, objects);
      const sources = await db.select().from(images).where(eq(images.uploadSessionId, checkout.uploadSessionId));
      // Ten copies one after another, pinned to the ETag as promotion pins them.
      const sequential = async (rows: typeof sources) => {
        const start = performance.now();
        for (const row of rows) await storage.copy({ from: row.key, to: `bench-copies/${rep}/${row.id}.jpg`, ifMatch: row.etag ?? undefined });
        return performance.now() - start;
      };
      // The baseline goes first on even rounds (from the temp objects) and last on odd ones
      // (from the promoted copies of the same bytes), so neither side always meets a warm server.
      const baselineFirst = rep % 2 === 0 ? await sequential(sources) : null;
      counter.reset();
      const start = performance.now();
      await promoteListing(db, storage, checkout);
      const end = performance.now();
      bytesRead = Math.max(bytesRead, counter.seen.driverBytes, counter.seen.getObjectBytes);
      const split = phasesOf(counter.seen.calls, start, end);
      for (const [command, { n }] of counter.seen.calls) requests.set(command, (requests.get(command) ?? new Set()).add(n));
      const promoted = await assertPromoted(db, storage, checkout);
      const baseline = baselineFirst ?? (await sequential(promoted));
      // What this server allows at best: promotion's 20 copies, all at once, and nothing else.
      const parallelStart = performance.now();
      const copies = promoted.flatMap((r) => [r.key, r.thumbnailKey!]);
      await Promise.all(Array.from({ length: copies.length }, async () => {
        for (let key = copies.shift(); key; key = copies.shift()) await storage.copy({ from: key, to: `bench-copies/${rep}/parallel/${path.basename(key)}` });
      }));
      if (rep < WARMUP) continue;
      times.sequential.push(baseline);
      times.promotion.push(end - start);
      times.parallel.push(performance.now() - parallelStart);
      for (const [name, ms] of Object.entries(split)) phases.set(name, [...(phases.get(name) ?? []), ms]);
    }

    console.log(`${IMAGES} images of ${(objects.jpeg.byteLength / 1000).toFixed(0)} KB + ${(objects.thumbnail.byteLength / 1000).toFixed(0)} KB thumbnails, S3 driver → test S3 server, PGlite; ${WARMUP} warm-ups, median of ${REPS}\n`);
    console.log(`${'work'.padEnd(48)}${'median ms'.padStart(11)}${'min ms'.padStart(9)}${'max ms'.padStart(9)}`);
    const rows: [string, number[]][] = [
      [`baseline: ${IMAGES} sequential storage.copy`, times.sequential],
      [`promoteListing (${IMAGES} images + thumbnails)`, times.promotion],
      ...[...phases].map(([name, ms]): [string, number[]] => [`  ${name}`, ms]),
      [`reference: ${IMAGES * 2} storage.copy at once, alone`, times.parallel],
    ];
    for (const [name, ms] of rows) {
      console.log(`${name.padEnd(48)}${median(ms).toFixed(1).padStart(11)}${Math.min(...ms).toFixed(1).padStart(9)}${Math.max(...ms).toFixed(1).padStart(9)}`);
    }
    // Counted per attempt: the SDK retries the test server's occasional 500 on DeleteObjects.
    console.log(`\nS3 requests per promotion: ${[...requests].map(([c, n]) => `${c} ${[...n].sort().join(' or ')}`).join(', ')} (retries included)`);
    console.log(`bytes read by the app during promotion (max over rounds): ${bytesRead} (driver read/readRange and GetObject Content-Length)`);
    // Each round's baseline over the same round's promotion, then the median: a load burst on
    // this shared machine moves a round, not the verdict. Judged on the printed two decimals.
    const ratio = median(times.sequential.map((ms, i) => ms / times.promotion[i])).toFixed(2);
    console.log('ratio = median over rounds of sequential copies / promotion in the same round');
    const pass = Number(ratio) >= TARGET && bytesRead === 0;
    console.log(`\npromote: ${ratio}x (target >= ${TARGET}, ${bytesRead} bytes read, target 0) ${pass ? 'PASS' : 'FAIL'}`);
  } finally {
    await handle.close();
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
