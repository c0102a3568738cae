// The database schema a snapshot belongs to: the number of migrations in drizzle/ and the
// last one's tag. A snapshot is restored only into the schema it was taken from, because its
// rows carry exactly that schema's columns.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const journal = z.object({ entries: z.array(z.object({ idx: z.number(), tag: z.string() })).min(1) });

export interface SchemaVersion {
  schemaVersion: number;
  schemaTag: string;
}

export async function readSchemaVersion(migrationsFolder = path.resolve(process.cwd(), 'drizzle')): Promise<SchemaVersion> {
  const parsed = journal.parse(JSON.parse(await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')));
  return { schemaVersion: parsed.entries.length, schemaTag: parsed.entries[parsed.entries.length - 1].tag };
}
