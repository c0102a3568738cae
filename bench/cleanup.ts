// Clean-up of 10,000 stale temp images (one object each, rows 3 h old in 100 upload sessions)
// through the real runCleanup() (cli, cleanup-old, live) on PGlite + the local driver, or
// with --s3 the S3 driver against Ceph RGW (its own cluster, test/infra/s3.ts). The floor, in
// the same round: the store alone deleting the very same keys with the very same calls —
// the batches clean-up passed to deleteMany, in its order, as many in flight as it had — and
// no database. For information, the one-by-one way (per image storage.deleteMany([key]) then
// a single-row DELETE), on a 1,000-image sample half before and half after each run,
// extrapolated to 10,000 at its measured rate: on loopback a round trip costs nearly
// nothing, so that ratio measures the disk more than the design.
// Targets: runCleanup <= 1.3x the floor; deleteMany calls <= ⌈keys / 1,000⌉ (SDK retries
// happen inside a call and add none).
// Last line: `cleanup: <runCleanup / floor>x (target <= 1.3; …) PASS|FAIL`.
//   npx tsx bench/cleanup.ts [--s3]
import { randomUUID } from 'node:crypto';
import { isolateBench, median } from './support/isolate';
import { withBenchStack } from './support/stack';
import { tableRow } from './support/table';

const TARGET = 1.3;
const MAX_DELETE_BATCH = 1000;
const IMAGES = 10_000;
const SAMPLE = 1_000;
const SESSIONS = 100;
const WARMUP_IMAGES = 500;
const REPS = 3;
const AGE_MS = 3 * 3600_000; // TEMP_MAX_AGE_HOURS is 2
const BODY = Buffer.alloc(2048, 0x5a);

const tmp = await isolateBench('cleanup', ['TEMP_MAX_AGE_HOURS', 'UPLOADING_MAX_AGE_HOURS']);

const { eq, sql } = await import('drizzle-orm');
const { images } = await import('../lib/db/schema');
const { runCleanup } = await import('../lib/cleanup/run-cleanup');
const { seedSession } = await import('../test/infra/seed');
type Db = import('../lib/db/client').Db;
type StorageDriver = import('../lib/storage/driver').StorageDriver;

/** `count` stale uploaded temp images, spread over `sessions` sessions; objects written 64 at a time. */
async function seedStale(db: Db, storage: StorageDriver, userId: string, count: number, sessions: number) {
  const sessionIds: string[] = [];
  for (let s = 0; s < sessions; s++) sessionIds.push(await seedSession(db, userId, AGE_MS));
  const created = Date.now() - AGE_MS;
  const rows = Array.from({ length: count }, (_, i) => {
    const id = randomUUID();
    const uploadSessionId = sessionIds[i % sessions];
    return {
      id,
      userId,
      uploadSessionId,
      key: `temp/${uploadSessionId}/${created}-${id}.jpg`,
      mimeType: 'image/jpeg',
      byteSize: BODY.byteLength,
      status: 'uploaded' as const,
      position: Math.floor(i / sessions),
      createdAt: new Date(created),
      updatedAt: new Date(created),
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await db.insert(images).values(rows.slice(i, i + 1000));
  const queue = rows.map((r) => r.key);
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let key = queue.shift(); key; key = queue.shift()) await storage.put({ key, body: BODY, contentType: 'image/jpeg' });
    }),
  );
  return rows;
}

async function oneByOne(db: Db, storage: StorageDriver, rows: { id: string; key: string }[]) {
  const start = performance.now();
  for (const row of rows) {
    const { failed } = await storage.deleteMany([row.key]);
    if (failed.length > 0) throw new Error(`could not delete ${row.key}`);
    await db.delete(images).where(eq(images.id, row.id));
  }
  return performance.now() - start;
}

/**
 * The store's own floor: the keys clean-up deleted, written again, then deleted in the same
 * batches, in the same order, with as many calls in flight as clean-up had. No database.
 */
async function storageAlone(storage: StorageDriver, batches: string[][], inFlight: number) {
  const queue = batches.flat();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let key = queue.shift(); key; key = queue.shift()) await storage.put({ key, body: BODY, contentType: 'image/jpeg' });
    }),
  );
  const pending = [...batches];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let batch = pending.shift(); batch; batch = pending.shift()) {
        if ((await storage.deleteMany(batch)).failed.length > 0) throw new Error('storage-alone delete failed');
      }
    }),
  );
  return performance.now() - start;
}

async function countLeft(db: Db, storage: StorageDriver) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(images);
  const page = await storage.list('temp/', { limit: 1000 });
  return { rows: n, files: page.objects.length };
}

await withBenchStack(tmp, async ({ handle, db, storage, userId, store }) => {
  // The driver clean-up gets records its deleteMany calls (keys, time, how many at once), so
  // the floor can replay them and the table can say where time went.
  const timed: StorageDriver = Object.create(storage);
  const inDelete = { ms: 0, calls: 0, inFlight: 0, maxInFlight: 0, batches: [] as string[][], first: 0, last: 0 };
  timed.deleteMany = async (keys) => {
    const start = performance.now();
    if (inDelete.calls === 0 && inDelete.inFlight === 0) inDelete.first = start;
    inDelete.batches.push([...keys]);
    inDelete.inFlight += 1;
    inDelete.maxInFlight = Math.max(inDelete.maxInFlight, inDelete.inFlight);
    try {
      return await storage.deleteMany(keys);
    } finally {
      inDelete.inFlight -= 1;
      inDelete.last = performance.now();
      inDelete.ms += inDelete.last - start;
      inDelete.calls += 1;
    }
  };
  const cleanup = () => runCleanup(handle, timed, { trigger: 'cli', action: 'cleanup-old', dryRun: false });

  // Warm-up: both ways once on a small set.
  const warm = await seedStale(db, storage, userId, WARMUP_IMAGES, 5);
  await oneByOne(db, storage, warm.slice(0, 100));
  await cleanup();

  const rates = { oneByOne: [] as number[], cleanup: [] as number[] };
  const seconds = { oneByOne: [] as number[], cleanup: [] as number[], deleteMany: [] as number[], storageAlone: [] as number[] };
  const overFloor: number[] = [];
  // Where clean-up's wall time goes: finding and taking the first batch, the span in which
  // deletes are under way (later batches found and taken meanwhile), and what follows the
  // last delete (the orphan sweep of the prefixes, the run record).
  const phases = { beforeFirstDelete: [] as number[], deleting: [] as number[], afterLastDelete: [] as number[] };
  let deleteCalls = 0;
  let inFlight = 0;
  for (let rep = 0; rep < REPS; rep++) {
    // Half the sample either side of the run, so a burst of load on this shared machine
    // falls on both ways rather than on one.
    let ms = await oneByOne(db, storage, await seedStale(db, storage, userId, SAMPLE / 2, SESSIONS / 10));
    await seedStale(db, storage, userId, IMAGES, SESSIONS);
    Object.assign(inDelete, { ms: 0, calls: 0, inFlight: 0, maxInFlight: 0, batches: [], first: 0, last: 0 });
    const start = performance.now();
    const summary = await cleanup();
    const elapsed = performance.now() - start;
    phases.beforeFirstDelete.push((inDelete.first - start) / 1000);
    phases.deleting.push((inDelete.last - inDelete.first) / 1000);
    phases.afterLastDelete.push((start + elapsed - inDelete.last) / 1000);
    const left = await countLeft(db, storage);
    if (summary.deleted !== IMAGES || summary.failed !== 0 || left.rows !== 0 || left.files !== 0) {
      throw new Error(`clean-up left work undone: ${JSON.stringify({ summary, left })}`);
    }
    ms += await oneByOne(db, storage, await seedStale(db, storage, userId, SAMPLE / 2, SESSIONS / 10));
    rates.oneByOne.push(SAMPLE / (ms / 1000));
    seconds.oneByOne.push(((ms / SAMPLE) * IMAGES) / 1000);
    rates.cleanup.push(IMAGES / (elapsed / 1000));
    seconds.cleanup.push(elapsed / 1000);
    seconds.deleteMany.push(inDelete.ms / 1000);
    const floorMs = await storageAlone(storage, inDelete.batches, inDelete.maxInFlight);
    seconds.storageAlone.push(floorMs / 1000);
    overFloor.push(elapsed / floorMs);
    deleteCalls = Math.max(deleteCalls, inDelete.calls);
    inFlight = inDelete.maxInFlight;
  }

  console.log(`${IMAGES.toLocaleString('en-US')} stale temp images (1 object + 1 row each, ${SESSIONS} sessions), PGlite + ${store}; median of ${REPS}\n`);
  const columns = [60, 11, 12];
  // The parts of runCleanup's time: one number, in the seconds column.
  const partColumns = [71, 12];
  console.log(tableRow(columns, ['way', 'objects/s', `s per ${IMAGES / 1000}k`]));
  const line = (name: string, rate: number[], s: number[]) =>
    console.log(tableRow(columns, [name, Math.round(median(rate)).toLocaleString('en-US'), median(s).toFixed(2)]));
  const part = (name: string, s: number[]) => console.log(tableRow(partColumns, [name, median(s).toFixed(2)]));
  line('runCleanup (cleanup-old, all 10,000)', rates.cleanup, seconds.cleanup);
  part(`  of which in storage.deleteMany (${deleteCalls} calls, up to ${inFlight} at once)`, seconds.deleteMany);
  part('  first batch found and taken, before any delete', phases.beforeFirstDelete);
  part('  from the first delete to the last one answering', phases.deleting);
  part('  after the last delete (orphan sweep, run record)', phases.afterLastDelete);
  line(
    `floor: the same ${deleteCalls} calls, ${inFlight} at once, no database`,
    seconds.storageAlone.map((x) => IMAGES / x),
    seconds.storageAlone,
  );
  line(`one by one (${SAMPLE.toLocaleString('en-US')}-image sample, extrapolated)`, rates.oneByOne, seconds.oneByOne);
  const oneByOneRatio = median(rates.cleanup.map((rate, i) => rate / rates.oneByOne[i])).toFixed(2);
  console.log(`\nfor information: runCleanup rate / one-by-one rate = ${oneByOneRatio}x (median over rounds)`);
  // Each round's clean-up over the same round's floor, then the median: a load burst on this
  // shared machine moves a round, not the verdict. Judged on the printed two decimals.
  const ratio = median(overFloor).toFixed(2);
  const maxCalls = Math.ceil(IMAGES / MAX_DELETE_BATCH);
  console.log("ratio = median over rounds of runCleanup time / the floor's time in the same round");
  const pass = Number(ratio) <= TARGET && deleteCalls <= maxCalls;
  console.log(`\ncleanup: ${ratio}x (target <= ${TARGET}; ${deleteCalls} deleteMany calls, target <= ${maxCalls}; ${store}) ${pass ? 'PASS' : 'FAIL'}`);
});
