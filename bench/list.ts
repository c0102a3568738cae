// Server time of GET /api/images?limit=100: the real listImages() on PGlite + the S3 driver,
// for a user with 150 uploaded images (and 2,000 rows of other users around them). Each
// item carries two presigned GET URLs, so a page is one query and 200 signatures. Floor, in
// the same run: the same SELECT through drizzle (same where, order, limit) timed alone + the
// same 200 presigns the app does (same driver, same calls) timed alone, added. On local disk
// (the default) the local driver signs;
// with --s3 the S3 driver signs for Ceph RGW (its own cluster, test/infra/s3.ts) and, before
// timing, an image and a thumbnail of the page are fetched through their signed URLs, so what
// is counted are URLs a real S3 serves. Presigning itself sends nothing. The page's variant
// srcset URLs are signed on the first (warm-up) call and remembered after it, as they are for
// every later view of a page until they expire (lib/variants/variant-signature.ts).
// Last line: `list: <listImages / floor>x (target <= 1.5, N SQL queries per request, expected 1) PASS|FAIL`.
//   npx tsx bench/list.ts [--s3]
import { randomUUID } from 'node:crypto';
import { isolateBench } from './support/isolate';
import { withBenchStack } from './support/stack';
import { tableRow } from './support/table';

const TARGET = 1.5;
const OWN_IMAGES = 150;
const OTHER_ROWS = 2_000;
const PAGE = 100;
const WARMUP_MS = 1_000;
const SLICES = 15;
const CALLS_PER_SLICE = 10;

const tmp = await isolateBench('list');

const { and, asc, eq, ne, or, sql } = await import('drizzle-orm');
const { drizzle } = await import('drizzle-orm/pglite');
const schema = await import('../lib/db/schema');
const { listImages } = await import('../lib/images/list-images');
const { signedGet, VIEW_URL_SECONDS } = await import('../lib/images/image-dto');
const { seedListing, seedUser } = await import('../test/infra/seed');
type Db = import('../lib/db/client').Db;
type PGlite = import('@electric-sql/pglite').PGlite;
const { images } = schema;

/** Rows for `userId`: uploaded, in a published listing, with a thumbnail and a filename. */
async function seedImages(db: Db, userId: string, count: number) {
  const listingId = await seedListing(db, userId, 'published');
  const start = Date.now() - count * 1000;
  for (let i = 0; i < count; i += 500) {
    await db.insert(images).values(
      Array.from({ length: Math.min(500, count - i) }, (_, j) => {
        const id = randomUUID();
        return {
          id,
          userId,
          listingId,
          key: `listings/${listingId}/${id}.jpg`,
          thumbnailKey: `listings/${listingId}/${id}.thumb.webp`,
          originalFilename: `IMG_${String(i + j).padStart(4, '0')}.JPG`,
          mimeType: 'image/jpeg',
          byteSize: 2_345_678,
          width: 3000,
          height: 4000,
          status: 'uploaded' as const,
          position: i + j,
          createdAt: new Date(start + (i + j) * 1000),
        };
      }),
    );
  }
}

/**
 * The same PGlite client behind a second drizzle instance that counts: statements drizzle
 * runs (its logger) and calls that reach PGlite (a proxy on the client).
 */
function countingDb(client: PGlite) {
  const counts = { statements: 0, clientCalls: 0 };
  const counted = new Set(['query', 'exec', 'sql', 'transaction', 'execProtocol', 'execProtocolRaw']);
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (counted.has(String(prop))) counts.clientCalls += 1;
        return value.apply(target, args);
      };
    },
  });
  const db = drizzle(proxy, {
    schema,
    logger: {
      logQuery: () => {
        counts.statements += 1;
      },
    },
  }) as unknown as Db;
  return { db, counts };
}

// Calls take turns in short slices and each keeps its median slice, as in presign.ts.
async function measure(ops: { name: string; run: () => Promise<unknown> | unknown }[]) {
  const ms = ops.map(() => [] as number[]);
  for (const { run } of ops) for (const end = performance.now() + WARMUP_MS / ops.length; performance.now() < end; ) await run();
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [o, { run }] of ops.entries()) {
      const start = performance.now();
      for (let i = 0; i < CALLS_PER_SLICE; i++) await run();
      ms[o].push((performance.now() - start) / CALLS_PER_SLICE);
    }
  }
  return ops.map(({ name }, o) => ({ name, ms: [...ms[o]].sort((a, b) => a - b)[Math.floor(SLICES / 2)] }));
}

await withBenchStack(tmp, async ({ kind, store, server, db, storage, userId }) => {
  await seedImages(db, userId, OWN_IMAGES);
  for (let u = 0; u < 4; u++) await seedImages(db, await seedUser(db), OTHER_ROWS / 4);
  await db.execute(sql`analyze`);

  const query = { limit: PAGE };
  const page = await listImages(db, storage, { userId, query });
  if (page.items.length !== PAGE || !page.nextCursor || page.items.some((i) => !i.url || !i.thumbnailUrl))
    throw new Error('listImages did not return a full signed page');
  if (server) {
    const [first] = page.items;
    await storage.put({ key: first.key, body: Buffer.from('jpeg bytes'), contentType: 'image/jpeg' });
    await storage.put({ key: first.thumbnailKey!, body: Buffer.from('webp bytes'), contentType: 'image/webp' });
    for (const [url, type] of [
      [first.url!, 'image/jpeg'],
      [first.thumbnailUrl!, 'image/webp'],
    ]) {
      const res = await fetch(url);
      if (res.status !== 200 || res.headers.get('content-type') !== type)
        throw new Error(`Ceph RGW refused a signed URL of the page: ${res.status} ${await res.text()}`);
    }
    console.log(`Ceph RGW at ${server.endpoint} served an image and a thumbnail through the page's signed URLs\n`);
  }

  const counting = countingDb((db as unknown as { $client: PGlite }).$client);
  await listImages(counting.db, storage, { userId, query });

  // The floor's SELECT is listImages' own: same where, order and limit (+1 for the cursor).
  const floorQuery = () =>
    db
      .select()
      .from(images)
      .where(and(eq(images.userId, userId), or(sql`${images.stage} is null`, ne(images.stage, 'deleted'))))
      .orderBy(asc(images.position), asc(images.createdAt), asc(images.id))
      .limit(PAGE + 1);
  const rows = await floorQuery();
  const presignAll = () =>
    Promise.all(
      rows
        .slice(0, PAGE)
        .flatMap((row) => [
          signedGet(storage, row, VIEW_URL_SECONDS),
          storage.presignGet({ key: row.thumbnailKey!, expiresIn: VIEW_URL_SECONDS, responseContentType: 'image/webp' }),
        ]),
    );

  const results = await measure([
    { name: 'listImages (limit 100)', run: () => listImages(db, storage, { userId, query }) },
    { name: '  SELECT alone (drizzle, PGlite)', run: floorQuery },
    { name: `  200 presignGet alone (${kind} driver)`, run: presignAll },
  ]);
  const floorMs = results[1].ms + results[2].ms;
  console.log(
    `GET /api/images?limit=${PAGE} on ${kind === 's3' ? 'the S3 driver (Ceph RGW)' : 'the local driver'}: ${OWN_IMAGES} images of the user among ${OWN_IMAGES + OTHER_ROWS} rows; ${SLICES} interleaved slices of ${CALLS_PER_SLICE} calls, median slice\n`,
  );
  const columns = [40, 9];
  console.log(tableRow(columns, ['work per request', 'ms']));
  for (const r of results) console.log(tableRow(columns, [r.name, r.ms.toFixed(2)]));
  console.log(tableRow(columns, ['floor: SELECT + 200 presigns, each alone', floorMs.toFixed(2)]));
  console.log(`\nSQL per request: ${counting.counts.statements} statement(s) run by drizzle, ${counting.counts.clientCalls} call(s) reaching PGlite`);
  // Judged on the printed two decimals, so the verdict never contradicts the number.
  const ratio = (results[0].ms / floorMs).toFixed(2);
  const queries = Math.max(counting.counts.statements, counting.counts.clientCalls);
  const pass = Number(ratio) <= TARGET && queries === 1;
  console.log(
    `\nlist: ${ratio}x (target <= ${TARGET}, ${queries} SQL quer${queries === 1 ? 'y' : 'ies'} per request, expected 1; ${store}) ${pass ? 'PASS' : 'FAIL'}`,
  );
});
