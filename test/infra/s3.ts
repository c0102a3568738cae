// A real S3 for tests and benches: Ceph's RADOS Gateway (Debian ceph-mon, ceph-osd, radosgw,
// ceph-common) on one monitor and one memstore OSD (objects in RAM), on free loopback ports,
// in a fresh folder. One cluster per run (~15 s to start); suites make their own buckets
// (s3-buckets.ts). Every step has a timeout, so a daemon that does not come up fails the
// start with its log instead of hanging the run. Recipe and pitfalls: ../shared/STACK.md.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { createTestBucket } from './s3-buckets';
import { cephConf, DAEMONS, livePids, signalDaemons, tailLogs } from './ceph-daemons';
import { stopOnExit } from './stop-on-exit';

export interface S3Server {
  /** `http://127.0.0.1:PORT`: signatures cover Host, so always use exactly this. */
  endpoint: string;
  /** A bucket made at start (with the browser CORS rule), for callers that need just one. */
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** Kills the daemons by their pid files, waits for them to exit, removes the folder. */
  stop(): Promise<void>;
  /** The same, synchronous, for process 'exit' handlers (signals them, does not wait). */
  stopSync(): void;
}

const STEP_TIMEOUT_MS = 60_000;
const GATEWAY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const ATTEMPTS = 3;
// RGW's default zonegroup answers to this region name in SigV4.
const REGION = 'us-east-1';

export async function startS3Server(): Promise<S3Server> {
  for (const bin of ['ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'monmaptool', 'ceph']) {
    if (!['/usr/bin', '/usr/sbin', '/usr/local/bin'].some((dir) => existsSync(path.join(dir, bin)))) {
      throw new Error(`Ceph RGW not installed (${bin} missing): apt-get install ceph-mon ceph-osd radosgw ceph-common`);
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'imagedock-rgw-'));
  const [monPort, rgwPort] = await distinctFreePorts(2);
  const fsid = randomUUID();
  const conf = path.join(dir, 'ceph.conf');
  writeFileSync(conf, cephConf(dir, fsid, monPort, rgwPort));
  for (const sub of ['mon', 'osd0', 'rgw']) mkdirSync(path.join(dir, sub));
  const stopSync = () => {
    signalDaemons(dir, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // Interrupted mid-start (Ctrl-C while waiting for the gateway): no daemon is left behind.
  const unregister = stopOnExit(stopSync);
  const c = ['-c', conf];
  // Now and then (~1 start in 10 here) a new client's first command reaches the monitor
  // before the client knows the cluster's fsid ("wrong fsid", EPERM) and fails without doing
  // anything: each step is retried, bounded, and the last failure is what the error reports.
  const ceph = (...args: string[]) => retried(() => run('ceph', [...c, '--connect-timeout', '30', ...args]));
  const accessKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('hex');
  try {
    // `--addv` with `v1:`: a plain `--add` on a port other than 6789 records a msgr2
    // address that the v1 client then hangs on.
    await run('monmaptool', ['--create', '--addv', 'a', `[v1:127.0.0.1:${monPort}]`, '--fsid', fsid, path.join(dir, 'monmap')]);
    await run('ceph-mon', [...c, '--mkfs', '-i', 'a', '--monmap', path.join(dir, 'monmap')]);
    await run('ceph-mon', [...c, '-i', 'a']);
    // With a uuid, a retried create names the same OSD instead of making a second one (and
    // the OSD is made with that uuid, or the monitor never lets it up).
    const osdUuid = randomUUID();
    await ceph('osd', 'create', osdUuid);
    await ceph('osd', 'crush', 'add-bucket', 'localhost', 'host');
    await ceph('osd', 'crush', 'move', 'localhost', 'root=default');
    await ceph('osd', 'crush', 'add', 'osd.0', '1.0', 'host=localhost');
    // The OSD meets the same race at its first command and exits: a fresh mkfs and start.
    await retried(async () => {
      rmSync(path.join(dir, 'osd0'), { recursive: true, force: true });
      mkdirSync(path.join(dir, 'osd0'));
      await run('ceph-osd', [...c, '-i', '0', '--mkfs', '--osd-uuid', osdUuid]);
      await run('ceph-osd', [...c, '-i', '0']);
    });
    // The gateway too; retried only once it has exited (a live one holds the port).
    await retried(
      async () => {
        await run('radosgw', [...c, '-n', 'client.rgw.a']);
        await waitForGateway(`http://127.0.0.1:${rgwPort}/`, dir);
      },
      (err) => /exited/.test(err.message),
    );
    // A retry after a create that did happen finds the user there: that is success too.
    await retried(() =>
      run('radosgw-admin', [
        ...c,
        'user',
        'create',
        '--uid=imagedock-test',
        '--display-name=imagedock test',
        `--access-key=${accessKeyId}`,
        `--secret=${secretAccessKey}`,
      ]).catch(async (err: Error) => {
        if (/exists/i.test(err.message)) return run('radosgw-admin', [...c, 'user', 'info', '--uid=imagedock-test']);
        throw err;
      }),
    );
  } catch (err) {
    const logs = tailLogs(dir);
    unregister();
    stopSync();
    throw new Error(`Ceph RGW did not start: ${(err as Error).message}${logs ? `\n${logs}` : ''}`, { cause: err });
  }
  const server = {
    endpoint: `http://127.0.0.1:${rgwPort}`,
    bucket: '',
    accessKeyId,
    secretAccessKey,
    region: REGION,
    stop: async () => {
      // SIGKILL at once: memstore keeps nothing worth flushing, and a polite SIGTERM costs
      // ~6 s of OSD and gateway shutdown per run.
      signalDaemons(dir, 'SIGKILL');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (livePids(dir).length > 0) {
        if (Date.now() > deadline) throw new Error(`Ceph daemons still running after SIGKILL: ${livePids(dir).join(', ')}`);
        await sleep(50);
      }
      rmSync(dir, { recursive: true, force: true });
    },
    stopSync,
  };
  try {
    server.bucket = (await createTestBucket(server)).bucket;
    unregister();
  } catch (err) {
    unregister();
    await server.stop();
    throw new Error(`Ceph RGW started but refused the first bucket: ${(err as Error).message}`, { cause: err });
  }
  return server;
}

function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: STEP_TIMEOUT_MS, killSignal: 'SIGKILL', encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const why = err.killed ? `timed out after ${STEP_TIMEOUT_MS / 1000} s` : `exit ${err.code}`;
      reject(new Error(`${bin} ${args.filter((a) => !a.startsWith('--secret')).join(' ')}: ${why}\n${(stderr || stdout).trim().slice(-2000)}`));
    });
  });
}

async function waitForGateway(url: string, dir: string): Promise<void> {
  const started = Date.now();
  const deadline = started + GATEWAY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    // A daemon that exits on a bad start (e.g. the gateway could not create its pools)
    // will not come back: stop waiting once each had time to write its pid file.
    if (Date.now() > started + 5_000 && livePids(dir).length < DAEMONS.length) {
      throw new Error(`a daemon exited while the gateway was starting (${last})`);
    }
    await sleep(250);
  }
  throw new Error(`gateway at ${url} not ready after ${GATEWAY_TIMEOUT_MS / 1000} s (${last})`);
}

async function retried<T>(step: () => Promise<T>, retryable: (err: Error) => boolean = () => true): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt >= ATTEMPTS || !retryable(err as Error)) throw err;
      await sleep(500);
    }
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
