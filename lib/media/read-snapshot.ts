// Reads a snapshot file a line at a time (a 100,000-image file never sits in memory) and
// refuses anything that is not exactly what snapshot.ts writes: a wrong layout, a row that
// does not parse, counts or hashes that disagree with the header. Rows are yielded as they
// are read and the hashes are only known at the end, so a caller that acts on rows either
// drains the file once first (checkSnapshot) or acts inside a transaction it can roll back.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  BODY_CLOSE,
  HEADER_PREFIX,
  HEADER_SUFFIX,
  SECTIONS,
  rowSchemas,
  sectionOpen,
  snapshotHeader,
  type Section,
  type SectionRow,
  type SnapshotHeader,
} from './snapshot-format';

export class SnapshotError extends Error {}

export type SnapshotEntry = { [S in Section]: { section: S; row: SectionRow<S> } }[Section];

const NEWLINE = 0x0a;

// Split on "\n" only, keeping every other byte, so the hash covers exactly what is on disk.
async function* lines(file: string): AsyncGenerator<Buffer> {
  let rest = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    for (let nl = buffer.indexOf(NEWLINE); nl !== -1; nl = buffer.indexOf(NEWLINE)) {
      yield buffer.subarray(0, nl);
      buffer = buffer.subarray(nl + 1);
    }
    rest = Buffer.from(buffer);
  }
  if (rest.length > 0) yield rest; // no final newline: the layout check refuses it
}

function parseHeader(line: string): SnapshotHeader {
  if (!line.startsWith(HEADER_PREFIX) || !line.endsWith(HEADER_SUFFIX)) throw new SnapshotError('not a media snapshot (its first line is not the header)');
  let json: unknown;
  try {
    json = JSON.parse(line.slice(HEADER_PREFIX.length, -HEADER_SUFFIX.length));
  } catch {
    throw new SnapshotError('the header is not valid JSON');
  }
  const parsed = snapshotHeader.safeParse(json);
  if (!parsed.success) throw new SnapshotError(`the header is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The header alone (first line): cheap, for choosing among snapshots. */
export async function readSnapshotHeader(file: string): Promise<SnapshotHeader> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const nl = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
    if (nl === -1) throw new SnapshotError('not a media snapshot (no header line)');
    return parseHeader(buffer.subarray(0, nl).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** Yields the header, then every row; throws SnapshotError at the first flaw, hashes last. */
export async function* readSnapshot(file: string): AsyncGenerator<{ header: SnapshotHeader } | SnapshotEntry> {
  const body = createHash('sha256');
  const ids = createHash('sha256');
  const counts: Record<Section, number> = { uploadSessions: 0, listings: 0, images: 0 };
  let header: SnapshotHeader | null = null;
  let section = -1; // -1: before the body; SECTIONS.length: body closed; +1 more: file closed
  let lineNo = 0;
  let pendingComma = false;
  for await (const raw of lines(file)) {
    lineNo += 1;
    const line = raw.toString('utf8');
    const flaw = (what: string) => new SnapshotError(`line ${lineNo}: ${what}`);
    if (header === null) {
      header = parseHeader(line);
      yield { header };
      continue;
    }
    if (section === SECTIONS.length) {
      if (line !== '}') throw flaw('expected the closing "}"');
      section += 1;
      continue;
    }
    if (section > SECTIONS.length) throw flaw('unexpected text after the end of the snapshot');
    if (lineNo > 2) body.update('\n');
    body.update(raw);
    const next = section + 1 < SECTIONS.length ? sectionOpen(section + 1) : BODY_CLOSE;
    if (line === next) {
      if (pendingComma) throw flaw('a row ends in "," but no row follows');
      section += 1;
      continue;
    }
    if (section < 0) throw flaw(`expected ${next}`);
    const name = SECTIONS[section];
    const comma = line.endsWith(',');
    let json: unknown;
    try {
      json = JSON.parse(comma ? line.slice(0, -1) : line);
    } catch {
      throw flaw(`a ${name} row that is not valid JSON (truncated or edited?)`);
    }
    const parsed = rowSchemas[name].safeParse(json);
    if (!parsed.success) throw flaw(`a ${name} row that is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    if (!pendingComma && counts[name] > 0) throw flaw('two rows without a "," between them');
    pendingComma = comma;
    counts[name] += 1;
    if (name === 'images') ids.update(`${parsed.data.id}\n`);
    yield { section: name, row: parsed.data } as SnapshotEntry;
  }
  if (header === null) throw new SnapshotError('the file is empty');
  if (section <= SECTIONS.length) throw new SnapshotError('the file is truncated (it ends before the snapshot does)');
  if (body.digest('hex') !== header.bodySha256) throw new SnapshotError('the body does not match its SHA-256 in the header: the file was edited or damaged');
  const expected = { uploadSessions: header.totalUploadSessions, listings: header.totalListings, images: header.totalImages };
  for (const name of SECTIONS)
    if (counts[name] !== expected[name]) throw new SnapshotError(`${counts[name]} ${name} rows, but the header says ${expected[name]}`);
  if (ids.digest('hex') !== header.imageIdsSha256) throw new SnapshotError('the image ids do not match imageIdsSha256 in the header');
}

/** Reads the whole file once and returns its header only if every check passes. */
export async function checkSnapshot(file: string, onRow?: (rows: number) => void): Promise<SnapshotHeader> {
  let header: SnapshotHeader | null = null;
  let rows = 0;
  for await (const entry of readSnapshot(file)) {
    if ('header' in entry) header = entry.header;
    else onRow?.(++rows);
  }
  return header!;
}
