// The stack the in-process benches measure on: PGlite in the bench's throwaway folder, the
// local driver or, with --s3, the S3 driver against a Ceph RGW of its own
// (test/infra/s3.ts), and one seeded user. lib/ is loaded only when this is called, so
// isolateBench() has set the environment first.
import { rm } from 'node:fs/promises';
import path from 'node:path';

type DatabaseHandle = import('../../lib/db/client').DatabaseHandle;
type StorageDriver = import('../../lib/storage/driver').StorageDriver;
type S3Server = import('../../test/infra/s3').S3Server;

export interface BenchStack {
  kind: 'local' | 's3';
  /** What the verdict line names: `Ceph RGW` or `local disk`. */
  store: 'Ceph RGW' | 'local disk';
  server: S3Server | null;
  handle: DatabaseHandle;
  db: DatabaseHandle['db'];
  storage: StorageDriver;
  userId: string;
}

/** Runs `bench` on a fresh stack, then closes it, stops RGW and removes `tmp`, whatever happened. */
export async function withBenchStack(tmp: string, bench: (stack: BenchStack) => Promise<void>) {
  const { openDatabase } = await import('../../lib/db/client');
  const { startS3Server } = await import('../../test/infra/s3');
  const { seedUser, testStorage } = await import('../../test/infra/seed');
  const kind = process.argv.includes('--s3') ? 's3' : 'local';
  const server = kind === 's3' ? await startS3Server() : null;
  const handle = await openDatabase({ dataDir: path.join(tmp, 'db') });
  try {
    const storage = await testStorage(kind, server);
    const userId = await seedUser(handle.db);
    await bench({ kind, store: kind === 's3' ? 'Ceph RGW' : 'local disk', server, handle, db: handle.db, storage, userId });
  } finally {
    await handle.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}
