// Presigned PUT URLs per second: the local driver, the S3 driver (its request serialized
// once, each URL signed by the SDK's S3RequestPresigner; no network is needed to sign),
// the SDK's getSignedUrl per URL (what the driver would cost without its template), and a
// floor for reference: the same SigV4 query signature written by hand with node:crypto.
// With --s3 the S3 driver signs for Ceph RGW (its own cluster, test/infra/s3.ts), and before
// timing, a URL from each S3 signer (the driver and the floor) is used for a real upload, so
// the URLs being counted are ones a real S3 accepts. Without it the endpoint is a closed
// port: signing sends nothing.
// Last line: `presign: <S3 driver rate / getSignedUrl rate>x (target >= 5) PASS|FAIL`.
//   npx tsx bench/presign.ts [--s3]
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { LocalStorageDriver } from '../lib/storage/local';
import { S3StorageDriver } from '../lib/storage/s3';
import { startS3Server } from '../test/infra/s3';

const TARGET = 5;
const RUN_MS = 2_000;
const WARMUP_MS = 300;
const SLICES = 10;
const S3 = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'bench-bucket', accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const ON_RGW = process.argv.includes('--s3');
const INPUT = { contentType: 'image/jpeg', contentLength: 1_234_567, expiresIn: 3600 };
const keyFor = (i: number) => `temp/sess_1732000000000_bench/1732000000000-${i}.jpg`;
const SIGNED = new Set(['content-type', 'content-length']);
const putCommand = (i: number) =>
  new PutObjectCommand({ Bucket: S3.bucket, Key: keyFor(i), ContentType: INPUT.contentType, ContentLength: INPUT.contentLength });

// RFC 3986 escaping, as SigV4 wants it for query names and values.
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** The floor: a SigV4 presigned PUT identical to the SDK's, computed by hand. */
function makeFloorSigner(contentLength = INPUT.contentLength) {
  const url = new URL(S3.endpoint);
  let cachedDay = '';
  let signingKey = Buffer.alloc(0);
  return (key: string, now: Date): string => {
    const amzDate = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    if (day !== cachedDay) {
      signingKey = hmac(hmac(hmac(hmac(`AWS4${S3.secretAccessKey}`, day), S3.region), 's3'), 'aws4_request');
      cachedDay = day;
    }
    const scope = `${day}/${S3.region}/s3/aws4_request`;
    const query: [string, string][] = [
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
      ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
      ['X-Amz-Credential', `${S3.accessKeyId}/${scope}`],
      ['X-Amz-Date', amzDate],
      ['X-Amz-Expires', String(INPUT.expiresIn)],
      ['X-Amz-SignedHeaders', 'content-length;content-type;host'],
      ['x-id', 'PutObject'],
    ];
    const canonicalQuery = query
      .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
      .sort()
      .join('&');
    const canonicalPath = `/${S3.bucket}/${key.split('/').map(rfc3986).join('/')}`;
    const canonicalRequest = [
      'PUT',
      canonicalPath,
      canonicalQuery,
      `content-length:${contentLength}\ncontent-type:${INPUT.contentType}\nhost:${url.host}\n`,
      'content-length;content-type;host',
      'UNSIGNED-PAYLOAD',
    ].join('\n');
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
    const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
    return `${url.origin}${canonicalPath}?${canonicalQuery}&X-Amz-Signature=${signature}`;
  };
}

type Signer = { name: string; presign: (i: number) => Promise<unknown> | unknown };

// Signers take turns in short slices and each keeps its median slice: on a shared
// machine a burst of load then hits all of them alike instead of skewing the ratio.
async function measure(signers: Signer[]) {
  const rates = signers.map(() => [] as number[]);
  let i = 0;
  for (const { presign } of signers) for (const end = performance.now() + WARMUP_MS; performance.now() < end; ) await presign(i++);
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [s, { presign }] of signers.entries()) {
      const start = performance.now();
      let count = 0;
      // Reading the clock every 64 calls keeps its cost out of the floor's numbers.
      while (performance.now() - start < RUN_MS / SLICES) {
        for (let j = 0; j < 64; j++) await presign(i + count++);
      }
      rates[s].push(count / ((performance.now() - start) / 1000));
      i += count;
    }
  }
  return signers.map(({ name }, s) => {
    const sorted = rates[s].sort((a, b) => a - b);
    const perSecond = sorted[Math.floor(sorted.length / 2)];
    return { name, perSecond, microseconds: 1e6 / perSecond };
  });
}

/** A real upload through `url` (a small body: the signed Content-Length is the input's own). */
async function proveAccepted(name: string, url: string) {
  const small = { ...INPUT, contentLength: 16 };
  const res = await fetch(url, { method: 'PUT', headers: { 'Content-Type': small.contentType }, body: new Uint8Array(16) });
  if (res.status !== 200) throw new Error(`${name}: Ceph RGW refused the presigned PUT with ${res.status}: ${await res.text()}`);
}

async function main() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'imagedock-bench-'));
  const server = ON_RGW ? await startS3Server() : null;
  if (server)
    Object.assign(S3, {
      endpoint: server.endpoint,
      region: server.region,
      bucket: server.bucket,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
    });
  try {
    const local = new LocalStorageDriver({ root, baseUrl: 'http://localhost:3000', secret: 'bench-secret-bench-secret-bench-secret-0123' });
    const s3 = new S3StorageDriver({ ...S3, forcePathStyle: true });
    const floor = makeFloorSigner();

    // The floor must sign exactly what the SDK signs, or the ratio means nothing.
    const sdkUrl = new URL((await s3.presignPut({ key: keyFor(0), ...INPUT })).url);
    const amzDate = sdkUrl.searchParams.get('X-Amz-Date') ?? '';
    const sameMoment = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
    const floorUrl = new URL(floor(keyFor(0), sameMoment));
    if (floorUrl.searchParams.get('X-Amz-Signature') !== sdkUrl.searchParams.get('X-Amz-Signature')) {
      throw new Error(`hand-written SigV4 disagrees with the SDK:\n  sdk   ${sdkUrl}\n  floor ${floorUrl}`);
    }

    if (server) {
      const small = { ...INPUT, contentLength: 16 };
      await proveAccepted('S3 driver', (await s3.presignPut({ key: 'bench/driver.jpg', ...small })).url);
      const floorSmall = makeFloorSigner(small.contentLength);
      await proveAccepted('floor', floorSmall('bench/floor.jpg', new Date()));
      const { objects } = await s3.list('bench/');
      if (objects.length !== 2 || objects.some((o) => o.size !== 16)) throw new Error(`uploads did not land: ${JSON.stringify(objects)}`);
      console.log(`Ceph RGW at ${server.endpoint} accepted an upload through a URL from each S3 signer\n`);
    }

    const results = await measure([
      { name: 'local driver (HMAC, app-served)', presign: (i) => local.presignPut({ key: keyFor(i), ...INPUT }) },
      { name: 'S3 driver (template + SDK presigner)', presign: (i) => s3.presignPut({ key: keyFor(i), ...INPUT }) },
      { name: 'getSignedUrl per URL', presign: (i) => getSignedUrl(s3.client, putCommand(i), { expiresIn: INPUT.expiresIn, signableHeaders: SIGNED }) },
      // For reference: the cost of the signature alone.
      { name: 'reference: bare node:crypto SigV4', presign: (i) => floor(keyFor(i), new Date()) },
    ]);
    console.log(`presigned PUT URLs, one at a time: ~${RUN_MS / 1000} s each in ${SLICES} interleaved slices, median slice\n`);
    console.log(`${'signer'.padEnd(38)}${'URLs/s'.padStart(12)}${'µs/URL'.padStart(10)}`);
    for (const r of results) {
      console.log(`${r.name.padEnd(38)}${Math.round(r.perSecond).toLocaleString('en-US').padStart(12)}${r.microseconds.toFixed(1).padStart(10)}`);
    }
    // Judged on the printed two decimals, so the verdict never contradicts the number.
    const ratio = (results[1].perSecond / results[2].perSecond).toFixed(2);
    console.log(`\npresign: ${ratio}x (target >= ${TARGET}; ${ON_RGW ? 'Ceph RGW' : 'signing only'}) ${Number(ratio) >= TARGET ? 'PASS' : 'FAIL'}`);
  } finally {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
