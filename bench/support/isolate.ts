// What every in-process bench needs before any lib/ module loads: lib/ reads DATA_DIR,
// LOG_LEVEL… on first use, and finds the migrations from the working directory. So: the repo
// root as working directory, a throwaway folder for data, and none of this shell's
// configuration (a database URL, S3, failpoints, …) leaking in. Returns the folder.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const UNSET = ['DATABASE_URL', 'S3_ENDPOINT', 'S3_BUCKET', 'IMAGEDOCK_FAILPOINTS'];

export async function isolateBench(name: string, alsoUnset: string[] = []): Promise<string> {
  process.chdir(path.resolve(import.meta.dirname, '..', '..'));
  const tmp = await mkdtemp(path.join(os.tmpdir(), `imagedock-bench-${name}-`));
  Object.assign(process.env, { DATA_DIR: path.join(tmp, 'data'), LOG_LEVEL: 'silent' });
  for (const variable of [...UNSET, ...alsoUnset]) delete process.env[variable];
  return tmp;
}

/** The middle value (the upper middle of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
