// npm run media -- snapshot: every upload session, listing and image row in one JSON file
// (layout in snapshot-format.ts). Rows are read in keyset pages inside one read-only,
// repeatable-read transaction (a consistent picture however long it takes) and written as
// they come. The body goes to a temp file while it is hashed; the header, known only then,
// is written first into a second temp file, and that file gets its final name only when
// complete, so a crash never leaves a half snapshot that looks whole.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@/lib/db/client';
import { readSchemaVersion } from './schema-version';
import {
  BODY_CLOSE,
  BODY_END,
  HEADER_PREFIX,
  HEADER_SUFFIX,
  SECTIONS,
  SNAPSHOT_FORMAT,
  sectionOpen,
  snapshotFileName,
  type Section,
  type SnapshotHeader,
} from './snapshot-format';
import { exportPages } from './snapshot-rows';
import { recordMediaCheck } from './record-check';

export interface SnapshotOptions {
  outDir: string;
  onProgress?: (progress: { section: Section; rows: number }) => void;
}
export interface SnapshotResult {
  file: string;
  header: SnapshotHeader;
  bytes: number;
  checkId: string;
}

export async function createSnapshot(db: Db, options: SnapshotOptions): Promise<SnapshotResult> {
  const startedAt = new Date();
  const outDir = path.resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const temp = path.join(outDir, `.${snapshotFileName(startedAt)}.${randomBytes(6).toString('hex')}`);
  try {
    const body = await writeBody(db, `${temp}.body`, options.onProgress);
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      formatVersion: 1,
      createdAt: startedAt.toISOString(),
      ...(await readSchemaVersion()),
      totalUploadSessions: body.counts.uploadSessions,
      totalListings: body.counts.listings,
      totalImages: body.counts.images,
      imageIdsSha256: body.imageIdsSha256,
      bodySha256: body.sha256,
    };
    const bytes = await assemble(`${temp}.tmp`, header, `${temp}.body`);
    const file = await publish(`${temp}.tmp`, outDir, startedAt);
    const checkId = await recordMediaCheck(db, 'snapshot', startedAt, { file, bytes, ...header });
    return { file, header, bytes, checkId };
  } finally {
    await Promise.all([rm(`${temp}.body`, { force: true }), rm(`${temp}.tmp`, { force: true })]);
  }
}

async function writeBody(db: Db, file: string, onProgress: SnapshotOptions['onProgress']) {
  const sha = createHash('sha256');
  const ids = createHash('sha256');
  const counts: Record<Section, number> = { uploadSessions: 0, listings: 0, images: 0 };
  const out = await open(file, 'wx');
  const write = async (text: string) => {
    sha.update(text);
    await out.writeFile(text); // writes it all from the current position (write() may not)
  };
  try {
    await db.transaction(
      async (tx) => {
        for (const [i, section] of SECTIONS.entries()) {
          await write(i === 0 ? sectionOpen(0) : `\n${sectionOpen(i)}`);
          for await (const page of exportPages(tx, section)) {
            // One write per page: ~1,000 rows joined, never the whole table.
            const text = page.map((row, j) => (counts[section] + j === 0 ? '\n' : ',\n') + JSON.stringify(row)).join('');
            if (section === 'images') for (const row of page) ids.update(`${row.id}\n`);
            counts[section] += page.length;
            await write(text);
            onProgress?.({ section, rows: counts[section] });
          }
        }
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    await write(`\n${BODY_CLOSE}`);
    await out.sync();
  } finally {
    await out.close();
  }
  return { counts, sha256: sha.digest('hex'), imageIdsSha256: ids.digest('hex') };
}

async function assemble(file: string, header: SnapshotHeader, bodyFile: string): Promise<number> {
  const out: FileHandle = await open(file, 'wx');
  try {
    let bytes = 0;
    const write = async (data: string | Buffer) => {
      await out.writeFile(data);
      bytes += Buffer.byteLength(data);
    };
    await write(`${HEADER_PREFIX}${JSON.stringify(header)}${HEADER_SUFFIX}\n`);
    for await (const chunk of createReadStream(bodyFile, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) await write(chunk);
    await write(BODY_END);
    await out.sync();
    return bytes;
  } finally {
    await out.close();
  }
}

// link() never replaces an existing file (rename would), so two snapshots taken in the same
// second both survive: the second gets a -1 suffix.
async function publish(temp: string, outDir: string, at: Date): Promise<string> {
  for (let collision = 0; ; collision++) {
    const file = path.join(outDir, snapshotFileName(at, collision));
    try {
      await link(temp, file);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
