// Verify results and snapshots go into media_checks, where the admin page (which may run on
// another machine than the CLI) reads the last of each.
import { desc, eq } from 'drizzle-orm';
import type { Db, Executor } from '@/lib/db/types';
import { mediaChecks, type MEDIA_CHECK_KINDS } from '@/lib/db/schema';

type Kind = (typeof MEDIA_CHECK_KINDS)[number];

export async function recordMediaCheck(db: Executor, kind: Kind, startedAt: Date, summary: Record<string, unknown>) {
  const [row] = await db.insert(mediaChecks).values({ kind, startedAt, finishedAt: new Date(), summary }).returning({ id: mediaChecks.id });
  return row.id;
}

export async function lastMediaCheck(db: Db, kind: Kind) {
  const [row] = await db.select().from(mediaChecks).where(eq(mediaChecks.kind, kind)).orderBy(desc(mediaChecks.startedAt)).limit(1);
  return row ?? null;
}
