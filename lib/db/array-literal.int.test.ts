import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/lib/db/client';
import { openTestDatabase } from '@/test/infra/databases';
import { arrayLiteral } from './array-literal';

describe('arrayLiteral', () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    handle = await openTestDatabase('pglite', null);
  });
  afterAll(async () => handle?.dispose());

  it('round-trips awkward text, numbers and uuids through PostgreSQL unchanged', async () => {
    const texts = ['plain', 'with "quotes"', 'back\\slash', 'comma, and {braces}', 'NULL', '', ' spaced ', 'ünï 🎉'];
    const [row] = rowsOf(
      await handle.db.execute(sql`select ${arrayLiteral(texts)}::text[] as texts, ${arrayLiteral([1, -2, 30])}::int[] as ints,
        ${arrayLiteral(['0b0e8f5e-1c1a-4c6e-9a51-2a7d3f1c9b10'])}::uuid[] as ids, ${arrayLiteral(['a', null, 'NULL'])}::text[] as nullable`),
    ) as { texts: string[]; ints: number[]; ids: string[]; nullable: (string | null)[] }[];
    // A null is SQL NULL; the text "NULL" stays text.
    expect(row.nullable).toEqual(['a', null, 'NULL']);
    expect(row.texts).toEqual(texts);
    expect(row.ints).toEqual([1, -2, 30]);
    expect(row.ids).toEqual(['0b0e8f5e-1c1a-4c6e-9a51-2a7d3f1c9b10']);
    expect(arrayLiteral([])).toBe('{}');
  });
});
