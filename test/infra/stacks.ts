// The database + storage pairs the integration suites in lib/ run on, and the describe that
// opens one pair for a suite.
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { StorageDriver } from '@/lib/storage/driver';
import { openTestDatabase, type DatabaseKind } from './databases';
import { testStorage } from './seed';

export interface Stack {
  db: DatabaseKind;
  storage: 'local' | 's3';
}

/** Every pair, for code whose database and storage sides vary apart. */
export const ALL_STACKS = [
  { db: 'pglite', storage: 'local' },
  { db: 'pglite', storage: 's3' },
  { db: 'postgres', storage: 'local' },
  { db: 'postgres', storage: 's3' },
] as const satisfies readonly Stack[];

/** The embedded deployment and the hosted one. */
export const TWO_STACKS = [
  { db: 'pglite', storage: 'local' },
  { db: 'postgres', storage: 's3' },
] as const satisfies readonly Stack[];

/** Whether this run reaches `stack` (PostgreSQL and the S3 server may be missing outside CI). */
export const canReach = (stack: Stack) => (stack.db === 'pglite' || Boolean(inject('pgAdminUrl'))) && (stack.storage === 'local' || Boolean(inject('s3')));

export interface StackSuite {
  handle: Awaited<ReturnType<typeof openTestDatabase>>;
  storage: StorageDriver;
}

/**
 * `describe(\`${title} on <db> + <storage>\`)` for each of `stacks` this run reaches, on a
 * database and a driver of its own. `suite` is filled in before the body's own beforeAll hooks
 * run (they are registered after this one); the database is disposed of after the suite.
 */
export function describeStacks(title: string, stacks: readonly Stack[], body: (suite: StackSuite, stack: Stack) => void) {
  for (const stack of stacks) {
    describe.runIf(canReach(stack))(`${title} on ${stack.db} + ${stack.storage}`, () => {
      const suite = {} as StackSuite;
      beforeAll(async () => {
        suite.handle = await openTestDatabase(stack.db, inject('pgAdminUrl'));
        suite.storage = await testStorage(stack.storage, inject('s3'));
      });
      afterAll(async () => suite.handle?.dispose());
      body(suite, stack);
    });
  }
}
