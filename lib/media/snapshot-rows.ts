// Rows in and out of the three snapshotted tables, column by column from the schema, so a
// new column cannot be silently left out (the zod row schemas then refuse the file).
// Timestamps travel as UTC text with microseconds: a JavaScript Date keeps milliseconds
// only, and a restore must give back exactly the rows that were there.
import { getTableColumns, gt, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '@/lib/db/client';
import { images, listings, uploadSessions } from '@/lib/db/schema';
import type { Section } from './snapshot-format';

export const PAGE = 1000;
export const snapshotTables = { uploadSessions, listings, images } as const;
type SnapshotTable = (typeof snapshotTables)[Section];

const isTimestamp = (column: PgColumn) => column.columnType === 'PgTimestamp';

function exportSelection(table: SnapshotTable): Record<string, PgColumn | SQL> {
  return Object.fromEntries(
    Object.entries(getTableColumns(table) as Record<string, PgColumn>).map(([name, column]) => [
      name,
      isTimestamp(column) ? sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : column,
    ]),
  );
}

/** Every row of a table, a page at a time in id order (keyset: no page is ever re-read). */
export async function* exportPages(db: Db, section: Section): AsyncGenerator<Record<string, unknown>[]> {
  const table = snapshotTables[section];
  const selection = exportSelection(table);
  for (let after: string | null = null; ; ) {
    const page: Record<string, unknown>[] = await db
      .select(selection)
      .from(table as PgTable)
      .where(after === null ? undefined : gt(table.id, after))
      .orderBy(table.id)
      .limit(PAGE);
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
    after = String(page[page.length - 1].id);
  }
}

/** Insert values for a snapshot row: timestamps parsed by PostgreSQL, not by Date. */
export function importValues(section: Section, row: Record<string, unknown>): Record<string, unknown> {
  const columns = getTableColumns(snapshotTables[section]) as Record<string, PgColumn>;
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => [name, isTimestamp(columns[name]) && typeof value === 'string' ? sql`${value}::timestamptz` : value]),
  );
}
