// The media snapshot file (npm run media -- snapshot), one JSON document laid out in lines so
// that it can be written and read a row at a time, and checked without trusting a parser:
//
//   {"header":{…,"bodySha256":"…"},"body":       ← line 1: the header, known only at the end,
//   {"uploadSessions":[                             so the body is written to a temp file first
//   {row},                                          one row per line
//   {row}
//   ],"listings":[
//   …
//   ],"images":[
//   …
//   ]}                                              ← the body ends here (no newline)
//   }
//
// bodySha256 is the SHA-256 of the exact body bytes: everything between the first newline
// and the final "\n}\n". From a shell: sed '1d;$d' FILE | head -c -1 | sha256sum
// Timestamps are UTC ISO strings with microseconds (PostgreSQL's precision, not JavaScript's).
import { z } from 'zod';
import { IMAGE_SOURCES, IMAGE_STAGES, IMAGE_STATUSES, LISTING_STATUSES } from '@/lib/db/schema';

export const SNAPSHOT_FORMAT = 'imagedock-media-snapshot';
export const SNAPSHOT_FILE = /^media-snapshot-\d{8}T\d{6}Z(-\d+)?\.json$/;
export const HEADER_PREFIX = '{"header":';
export const HEADER_SUFFIX = ',"body":';
export const BODY_END = '\n}\n';

/** Body sections in the order they are written and restored (each needs the ones before it). */
export const SECTIONS = ['uploadSessions', 'listings', 'images'] as const;
export type Section = (typeof SECTIONS)[number];
export const sectionOpen = (i: number) => (i === 0 ? `{"${SECTIONS[0]}":[` : `],"${SECTIONS[i]}":[`);
export const BODY_CLOSE = ']}';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/, 'expected a UTC timestamp with microseconds');
const id = z.guid();

export const snapshotHeader = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime(),
  schemaVersion: z.number().int().positive(),
  schemaTag: z.string().min(1),
  totalUploadSessions: count,
  totalListings: count,
  totalImages: count,
  /** SHA-256 of every image id in order, one per line: purge compares it with the database. */
  imageIdsSha256: hex64,
  bodySha256: hex64,
});
export type SnapshotHeader = z.infer<typeof snapshotHeader>;

const sessionRow = z.strictObject({
  id: z.string().min(1),
  userId: z.string().min(1),
  expiresAt: timestamp,
  listingId: id.nullable(),
  releasedAt: timestamp.nullable(),
  promotedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const listingRow = z.strictObject({
  id,
  userId: z.string().min(1),
  title: z.string(),
  status: z.enum(LISTING_STATUSES),
  uploadSessionId: z.string().nullable(),
  checkoutSessionId: z.string().nullable(),
  // Optional: snapshots taken before drafts had open checkouts do not carry it.
  checkoutUrl: z.string().nullable().optional(),
  publishedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const imageRow = z.strictObject({
  id,
  userId: z.string().min(1),
  listingId: id.nullable(),
  uploadSessionId: z.string().nullable(),
  key: z.string().min(1),
  thumbnailKey: z.string().nullable(),
  originalFilename: z.string().nullable(),
  mimeType: z.string(),
  byteSize: z.number().int().min(0),
  // Optional: snapshots written before the quota counted thumbnails lack it.
  thumbnailByteSize: z.number().int().min(0).nullable().optional(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  caption: z.string().max(500),
  position: z.number().int(),
  status: z.enum(IMAGE_STATUSES),
  error: z.string().nullable(),
  source: z.enum(IMAGE_SOURCES),
  stage: z.enum(IMAGE_STAGES).nullable(),
  prompt: z.string().nullable(),
  metadata: z.json().nullable(),
  placeholder: z.string().nullable(),
  focalX: z.number().min(0).max(1).nullable().optional(), // optional: older snapshots predate focal points
  focalY: z.number().min(0).max(1).nullable().optional(),
  etag: z.string().nullable(),
  confirmedAt: timestamp.nullable(),
  claimedUntil: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const rowSchemas = { uploadSessions: sessionRow, listings: listingRow, images: imageRow } as const;
export type SectionRow<S extends Section> = z.infer<(typeof rowSchemas)[S]>;

/** `media-snapshot-20261124T143000Z.json` for a moment (seconds, UTC). */
export function snapshotFileName(at: Date, collision = 0) {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `media-snapshot-${stamp}${collision ? `-${collision}` : ''}.json`;
}
