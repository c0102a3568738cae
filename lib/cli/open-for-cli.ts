// CLIs open the configured database and storage like the server does. On PGlite while the
// server holds the folder, they stop with a message saying what to do instead: a second
// opener would corrupt it.
import { DatabaseInUseError } from '@/lib/db/pglite-lock';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { EnvError, env } from '@/lib/env';
import { openStorage, storageConfigFromEnv } from '@/lib/storage/config';
import type { StorageDriver } from '@/lib/storage/driver';

export class CliError extends Error {}

export async function openForCli(serverAlternative: string): Promise<{ handle: DatabaseHandle; storage: StorageDriver }> {
  try {
    const config = env();
    const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, max: 4 });
    return { handle, storage: await openStorage(storageConfigFromEnv()) };
  } catch (err) {
    if (err instanceof DatabaseInUseError) throw new CliError(`${err.message}\n\nWhile the server runs, use it instead:\n  ${serverAlternative}`);
    if (err instanceof EnvError) throw new CliError(err.message);
    throw err;
  }
}

/** Runs a CLI body: prints CliErrors plainly, anything else with its stack; sets the exit code. */
export async function runCli(main: () => Promise<number>) {
  try {
    process.exitCode = await main();
  } catch (err) {
    console.error(err instanceof CliError ? err.message : err);
    process.exitCode = 1;
  }
}
