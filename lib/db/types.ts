// The database types alone, so modules that only need them (migrate.ts, domain code) do not
// import the client that opens connections.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What a query runs on: the database or a transaction on it. */
export type Executor = Db | Tx;
