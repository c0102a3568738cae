// Outbound webhooks, on PGlite in this process, to a loopback receiver.
// 1. Delivery rate: 1,000 events written to the outbox, then delivered by the dispatcher
//    (claim, sign, POST, record), vs the baseline: the same 1,000 bodies signed and POSTed
//    straight to the receiver with the same client and the same concurrency. Target ≥ 0.5×.
// 2. Cost of the outbox write: a change made by the app's own verb for a user with one
//    subscribed endpoint (the change + its event + its delivery, one transaction) vs the same
//    verb for a user with none (the change and an index lookup), interleaved change by change.
//    Target ≤ 1.2×. Two changes:
//    a generated image's stage (database only: the worst case) and an upload's confirm.
// Last line: `webhooks: <rate ratio>x (target >= 0.5; outbox cost <max>x, target <= 1.2) PASS|FAIL`.
//   npm run bench -- webhooks
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isolateBench, median } from './support/isolate';

const EVENTS = 1000;
const CONCURRENCY = 16;
const ROUNDS = 3;
// The outbox cost is a small difference between two fast changes: more rounds steady its median.
const COST_ROUNDS = 5;
const CHANGES = 300;
const RATE_TARGET = 0.5;
const COST_TARGET = 1.2;

const tmp = await isolateBench('webhooks');
process.env.WEBHOOK_ALLOW_PRIVATE = 'true';

const { eq, sql } = await import('drizzle-orm');
const { openDatabase } = await import('../lib/db/client');
const { images, webhookDeliveries } = await import('../lib/db/schema');
const { Dispatcher } = await import('../lib/webhooks/dispatcher');
const { enqueueEvent } = await import('../lib/webhooks/enqueue-event');
const { createEndpoint } = await import('../lib/webhooks/create-endpoint');
const { postWebhook } = await import('../lib/webhooks/post-webhook');
const { signatureHeaders } = await import('../lib/webhooks/sign-payload');
const { updateStage } = await import('../lib/generated/update-stage');
const { confirmUploads } = await import('../lib/uploads/confirm-upload');
const { makePng } = await import('../test/fixtures/images');
const { seedSession, seedUser, testStorage } = await import('../test/infra/seed');
const { startPostgresCluster } = await import('../test/infra/postgres');
const { createPostgresDatabase } = await import('../test/infra/databases');
type Db = import('../lib/db/client').Db;

function startReceiver() {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(200, { 'content-length': '0' });
      res.end();
    });
  });
  return new Promise<{ url: string; count: () => number; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        count: () => count,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

async function direct(url: string, secret: string, bodies: string[]) {
  const queue = bodies.map((body, i) => ({ id: `msg_direct_${i}_${randomUUID()}`, body }));
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const headers = signatureHeaders({ id: item.id, body: item.body, secrets: [secret], at: new Date() });
        const result = await postWebhook({ url, headers, body: item.body, allowPrivate: true });
        if (!result.ok) throw new Error(`direct POST failed: ${JSON.stringify(result)}`);
      }
    }),
  );
  return performance.now() - start;
}

async function viaDispatcher(db: Db, userId: string, endpointId: string, receiverCount: () => number) {
  await db.transaction(async (tx) => {
    for (let i = 0; i < EVENTS; i++) await enqueueEvent(tx, { userId, type: 'image.uploaded', data: { imageId: randomUUID(), n: i } });
  });
  const start = performance.now();
  const dispatcher = new Dispatcher(db, { concurrency: CONCURRENCY, pollMs: 1000, allowPrivate: true });
  dispatcher.wake();
  // Done when the receiver has them all and every delivery is recorded as delivered.
  const target = receiverCount() + EVENTS;
  while (receiverCount() < target) await new Promise((r) => setTimeout(r, 2));
  const pending = () => db.$count(webhookDeliveries, sql`${webhookDeliveries.endpointId} = ${endpointId}::uuid and ${webhookDeliveries.status} <> 'delivered'`);
  while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 2));
  const ms = performance.now() - start;
  await dispatcher.stop();
  return ms;
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Median over rounds of direct time / dispatcher time, and the medians of both. */
async function measureRate(db: Db, givenUser: string | null, givenEndpoint: { id: string; secret: string } | null, receiver: Receiver, bodies: string[]) {
  const userId = givenUser ?? (await seedUser(db));
  const endpoint = givenEndpoint ?? (await createEndpoint(db, { userId, isAdmin: false, url: receiver.url, events: ['image.uploaded'] }));
  const rates: number[] = [];
  const times = { direct: [] as number[], dispatcher: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const before = receiver.count();
    const first = round % 2 === 0;
    const d1 = first ? await direct(receiver.url, endpoint.secret, bodies) : null;
    const q = await viaDispatcher(db, userId, endpoint.id, receiver.count);
    const d = d1 ?? (await direct(receiver.url, endpoint.secret, bodies));
    if (receiver.count() - before !== 2 * EVENTS) throw new Error(`receiver got ${receiver.count() - before}, expected ${2 * EVENTS}`);
    times.direct.push(d);
    times.dispatcher.push(q);
    rates.push(d / q);
  }
  return { ratio: median(rates), direct: median(times.direct), dispatcher: median(times.dispatcher) };
}

/** The same measurement on a throwaway PostgreSQL cluster (the scaled deployment), if one can start. */
async function withPostgres<T>(work: (db: Db) => Promise<T>): Promise<T | null> {
  const cluster = await startPostgresCluster().catch(() => null);
  if (!cluster) return null;
  const created = await createPostgresDatabase(cluster.adminUrl);
  const handle = await openDatabase({ databaseUrl: created.url, dataDir: tmp, max: 4 });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
    await created.drop();
    await cluster.stop();
  }
}

/**
 * Per-change cost of `withEvent` against `without`, interleaved change by change (the order
 * swapped every time) so that machine noise lands on both sides alike; ms per change.
 */
async function timeInterleaved(withEvent: (i: number) => Promise<unknown>, without: (i: number) => Promise<unknown>, n: number) {
  const total = { with: 0, without: 0 };
  const timed = async (side: 'with' | 'without', i: number) => {
    const start = performance.now();
    await (side === 'with' ? withEvent(i) : without(i));
    total[side] += performance.now() - start;
  };
  for (let i = 0; i < n; i++) {
    const [first, second] = i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    await timed(first, i);
    await timed(second, i);
  }
  return { with: total.with / n, without: total.without / n };
}

async function main() {
  const receiver = await startReceiver();
  const handle = await openDatabase({ dataDir: path.join(tmp, 'db') });
  const { db } = handle;
  try {
    const userId = await seedUser(db);
    const endpoint = await createEndpoint(db, { userId, isAdmin: false, url: receiver.url, events: ['image.uploaded', 'generated.stage_changed'] });
    const sample = JSON.stringify({ type: 'image.uploaded', timestamp: new Date().toISOString(), data: { imageId: randomUUID(), n: 0 } });
    const bodies = Array.from({ length: EVENTS }, () => sample);
    await direct(receiver.url, endpoint.secret, bodies.slice(0, 100)); // warm-up: sockets, JIT

    const pglite = await measureRate(db, userId, endpoint, receiver, bodies);
    const postgresRate = await withPostgres((pg) => measureRate(pg, null, null, receiver, bodies));

    // Outbox cost: the same verbs for a subscribed user and for one with no endpoints.
    const quietUser = await seedUser(db);
    const seedGenerated = async (owner: string) => {
      const [row] = await db
        .insert(images)
        .values({
          userId: owner,
          key: `users/${owner}/${randomUUID()}.png`,
          mimeType: 'image/png',
          byteSize: 10,
          status: 'uploaded',
          source: 'generated',
          stage: 'generated',
          prompt: 'p',
        })
        .returning();
      return row.id;
    };
    const [loud, quiet] = [await seedGenerated(userId), await seedGenerated(quietUser)];
    const stages = ['printed', 'ordered', 'generated'] as const;
    const stageCost = { with: [] as number[], without: [] as number[] };
    for (let round = 0; round < COST_ROUNDS; round++) {
      const timed = await timeInterleaved(
        (i) => updateStage(db, { userId, imageId: loud, stage: stages[i % 3] }),
        (i) => updateStage(db, { userId: quietUser, imageId: quiet, stage: stages[i % 3] }),
        CHANGES,
      );
      stageCost.with.push(timed.with);
      stageCost.without.push(timed.without);
    }
    const storage = await testStorage('local', null);
    const png = makePng(64, 48);
    const prepareUpload = async (owner: string) => {
      const uploadSessionId = await seedSession(db, owner);
      const key = `temp/${uploadSessionId}/${Date.now()}-${randomUUID()}.png`;
      await storage.put({ key, body: png, contentType: 'image/png' });
      const [row] = await db
        .insert(images)
        .values({ userId: owner, uploadSessionId, key, mimeType: 'image/png', byteSize: png.byteLength, status: 'uploading' })
        .returning();
      return row.id;
    };
    const confirmCost = { with: [] as number[], without: [] as number[] };
    for (let round = 0; round < COST_ROUNDS; round++) {
      const ids = { quiet: [] as string[], loud: [] as string[] };
      for (let i = 0; i < 40; i++) {
        ids.quiet.push(await prepareUpload(quietUser));
        ids.loud.push(await prepareUpload(userId));
      }
      const timed = await timeInterleaved(
        (i) => confirmUploads(db, storage, { userId, imageIds: [ids.loud[i]] }),
        (i) => confirmUploads(db, storage, { userId: quietUser, imageIds: [ids.quiet[i]] }),
        40,
      );
      confirmCost.with.push(timed.with);
      confirmCost.without.push(timed.without);
    }
    const [loudImage] = await db.select().from(images).where(eq(images.id, loud));
    if (loudImage.stage !== stages[(CHANGES - 1) % 3]) throw new Error('stage changes did not land');

    const fmt = (ms: number) => ms.toFixed(2).padStart(10);
    console.log(`PGlite, loopback receiver answering 200; concurrency ${CONCURRENCY}; ${ROUNDS} rounds, medians\n`);
    console.log(`${'work'.padEnd(62)}${'median ms'.padStart(10)}`);
    console.log(`${`PGlite: baseline, ${EVENTS} signed POSTs sent directly`.padEnd(62)}${fmt(pglite.direct)}`);
    console.log(`${`PGlite: ${EVENTS} events through the outbox and the dispatcher`.padEnd(62)}${fmt(pglite.dispatcher)}`);
    if (postgresRate) {
      console.log(`${`PostgreSQL: baseline, ${EVENTS} signed POSTs sent directly`.padEnd(62)}${fmt(postgresRate.direct)}`);
      console.log(`${`PostgreSQL: ${EVENTS} events through the outbox and dispatcher`.padEnd(62)}${fmt(postgresRate.dispatcher)}`);
    }
    console.log(`${'stage change, user with no endpoint (per change)'.padEnd(62)}${fmt(median(stageCost.without))}`);
    console.log(`${'stage change + event + delivery written (per change)'.padEnd(62)}${fmt(median(stageCost.with))}`);
    console.log(`${'upload confirm, user with no endpoint (per image)'.padEnd(62)}${fmt(median(confirmCost.without))}`);
    console.log(`${'upload confirm + event + delivery written (per image)'.padEnd(62)}${fmt(median(confirmCost.with))}`);
    const pgliteRate = pglite.ratio.toFixed(2);
    const pgRate = postgresRate ? postgresRate.ratio.toFixed(2) : null;
    // The verdict takes the worse database.
    const rate = (pgRate ? Math.min(Number(pgliteRate), Number(pgRate)) : Number(pgliteRate)).toFixed(2);
    const stageRatio = median(stageCost.with.map((w, i) => w / stageCost.without[i])).toFixed(2);
    const confirmRatio = median(confirmCost.with.map((w, i) => w / confirmCost.without[i])).toFixed(2);
    console.log(`\ndelivery rate ratio = direct time / dispatcher time, median over rounds: PGlite ${pgliteRate}, PostgreSQL ${pgRate ?? 'not run'}`);
    console.log(`outbox cost ratio: stage change ${stageRatio}x, upload confirm ${confirmRatio}x`);
    const cost = Math.max(Number(stageRatio), Number(confirmRatio)).toFixed(2);
    const pass = Number(rate) >= RATE_TARGET && Number(cost) <= COST_TARGET;
    console.log(`\nwebhooks: ${rate}x (target >= ${RATE_TARGET}; outbox cost ${cost}x, target <= ${COST_TARGET}) ${pass ? 'PASS' : 'FAIL'}`);
  } finally {
    receiver.close();
    await handle.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
