import { messages, PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreparedPGlite } from './prepared-pglite';

// Named statements as PostgreSQL lists them; read with exec() (the simple protocol), which is
// never prepared, so the look does not change what it counts.
async function namedStatements(client: PGlite) {
  const [result] = await client.exec(`select statement, generic_plans + custom_plans as runs from pg_prepared_statements where not from_sql`);
  return result.rows as { statement: string; runs: number }[];
}

describe('PreparedPGlite', () => {
  let prepared: PreparedPGlite;
  let plain: PGlite;
  beforeAll(async () => {
    [prepared, plain] = await Promise.all([PreparedPGlite.open({ dataDir: 'memory://' }), PGlite.create('memory://')]);
    for (const client of [prepared, plain]) {
      await client.exec(`create table things (id serial primary key, name text unique, seen timestamptz, data jsonb, tags text[], flag boolean, size bigint)`);
    }
  });
  afterAll(async () => Promise.all([prepared?.close(), plain?.close()]));

  it('answers exactly as PGlite does, and prepares each distinct statement once', async () => {
    const insert = 'insert into things (name, seen, data, tags, flag, size) values ($1, $2, $3, $4, $5, $6) returning *';
    const select = 'select id, name, seen, data, tags, flag, size from things where name = any($1::text[]) order by id';
    const answers = [];
    for (const client of [prepared, plain]) {
      const inserted = [];
      for (const [i, name] of ['a', 'b "quoted"', 'c'].entries()) {
        inserted.push(await client.query(insert, [name, new Date(Date.UTC(2026, 0, i + 1)), { n: i, nested: [name] }, '{x,"y z"}', i % 2 === 0, null]));
      }
      const asObjects = await client.query(select, ['{a,c}']);
      const asArrays = await client.query(select, ['{a,"b \\"quoted\\""}'], { rowMode: 'array' });
      const updated = await client.query('update things set flag = not flag where name = $1', ['c']);
      answers.push({ inserted, asObjects, asArrays, updated });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].asObjects.rows[0]).toMatchObject({ name: 'a', seen: new Date(Date.UTC(2026, 0, 1)), data: { n: 0, nested: ['a'] }, tags: ['x', 'y z'] });
    expect(answers[0].updated.affectedRows).toBe(1);

    const statements = await namedStatements(prepared);
    expect(statements.find((s) => s.statement === insert)?.runs).toBe(3);
    expect(statements.filter((s) => s.statement === insert)).toHaveLength(1);
    expect(statements.find((s) => s.statement === select)?.runs).toBe(2);
  });

  it('keeps DDL on PGlite’s own path', async () => {
    const before = prepared.preparedCount;
    await prepared.query('create table if not exists other (id int)');
    expect(prepared.preparedCount).toBe(before);
  });

  it('reports errors as PGlite does and stays usable after them', async () => {
    const failure = await prepared.query('insert into things (name) values ($1)', ['a']).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(messages.DatabaseError);
    expect(failure).toMatchObject({ code: '23505', query: 'insert into things (name) values ($1)', params: ['a'] });
    // A statement that does not parse is not kept.
    const count = prepared.preparedCount;
    await expect(prepared.query('select 1 +')).rejects.toMatchObject({ code: '42601' });
    expect(prepared.preparedCount).toBe(count);
    expect((await prepared.query<{ n: number }>('select count(*)::int as n from things where name = $1', ['a'])).rows).toEqual([{ n: 1 }]);
  });

  it('runs statements of a transaction inside it, and keeps outside queries out of it', async () => {
    let outside: Promise<unknown> = Promise.resolve();
    const rolledBack = prepared.transaction(async (tx) => {
      await tx.query('insert into things (name) values ($1)', ['inside']);
      expect((await tx.query('select name from things where name = $1', ['inside'])).rows).toHaveLength(1);
      // Issued while the transaction is open: it must wait for it, not join it.
      outside = prepared.query('insert into things (name) values ($1)', ['outside']);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    await outside;
    const { rows } = await prepared.query<{ name: string }>('select name from things where name = any($1::text[]) order by name', ['{inside,outside}']);
    expect(rows).toEqual([{ name: 'outside' }]);
    // A statement first prepared inside the rolled-back transaction outlives it, as PostgreSQL's do.
    expect((await prepared.query('select name from things where name = $1', ['inside'])).rows).toEqual([]);
  });

  it('prepares a statement again when a migration changed its columns', async () => {
    await prepared.exec('create table shifting (a int); insert into shifting values (1)');
    expect((await prepared.query('select * from shifting')).rows).toEqual([{ a: 1 }]);
    await prepared.exec('alter table shifting add column b text default $$x$$');
    expect((await prepared.query('select * from shifting')).rows).toEqual([{ a: 1, b: 'x' }]);
  });

  it('keeps at most maxStatements, letting go of the least recently used', async () => {
    const small = await PreparedPGlite.open({ dataDir: 'memory://', maxStatements: 3 });
    try {
      const texts = [1, 2, 3, 4, 5].map((n) => `select ${n} as n`);
      for (const text of texts) await small.query(text);
      await small.query(texts[2]); // used again: kept over 4
      await small.query('select 6 as n');
      expect(small.preparedCount).toBe(3);
      expect((await namedStatements(small)).map((s) => s.statement).sort()).toEqual([texts[2], texts[4], 'select 6 as n'].sort());
    } finally {
      await small.close();
    }
  });
});
