// PGlite with prepared statements. Its query() parses, plans and runs an unnamed statement
// every time; postgres.js on PostgreSQL prepares each distinct statement once per connection
// and reuses it. This gives PGlite the same: the first run of a text parses it as a named
// statement, later runs only bind and execute it (one call into the engine, not six), and
// after five runs PostgreSQL may keep one generic plan. Promotion's commit statement goes
// from ~3.4 to ~1.6 ms. The locks, serializers, parsers and errors are PGlite's own, so what
// a caller sees is what PGlite.query() returns.
import { messages, PGlite, type PGliteOptions, parse, protocol, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

const { serialize } = protocol;

// Statements worth keeping: DDL and session commands run once and stay on PGlite's own path.
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

type PreparedPGliteOptions = PGliteOptions & { dataDir: string; maxStatements?: number };

interface Prepared {
  name: string;
  paramTypes: number[];
}

export class PreparedPGlite extends PGlite {
  readonly #statements = new Map<string, Prepared>();
  readonly #maxStatements: number;
  #named = 0;

  constructor(options: PreparedPGliteOptions) {
    super(options);
    this.#maxStatements = options.maxStatements ?? 500;
  }

  static async open(options: PreparedPGliteOptions) {
    const client = new PreparedPGlite(options);
    await client.waitReady;
    return client;
  }

  override async query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (!preparable(text, options)) return super.query<T>(text, params, options);
    await this._checkReady();
    // As PGlite's query(): never inside a transaction that another caller has open.
    return this._runExclusiveTransaction(() => this.#run<T>(text, params, options, true));
  }

  override async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return super.transaction((tx) => {
      const query = <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
        if (!preparable(text, options)) return tx.query<R>(text, params, options);
        if (tx.closed) throw new Error('Transaction is closed');
        return this.#run<R>(text, params, options, false);
      };
      return callback({
        query,
        sql: (strings, ...values) => tx.sql(strings, ...values),
        exec: (text, options) => tx.exec(text, options),
        rollback: () => tx.rollback(),
        listen: (channel, listener) => tx.listen(channel, listener),
        get closed() {
          return tx.closed;
        },
      });
    });
  }

  /** How many statements are kept prepared now. */
  get preparedCount() {
    return this.#statements.size;
  }

  async #run<T>(text: string, params: unknown[], options: QueryOptions | undefined, outsideTransaction: boolean): Promise<Results<T>> {
    return this._runExclusiveQuery(async () => {
      try {
        return await this.#bindAndExecute<T>(await this.#statementFor(text), params, options);
      } catch (err) {
        if (!planChanged(err) || !this.#statements.has(text)) throw annotated(err, text, params, options);
        // Prepared before a migration changed its columns: prepared again next time, and now
        // unless the error has already aborted the caller's transaction.
        await this.#forget(text);
        if (!outsideTransaction) throw annotated(err, text, params, options);
        return await this.#bindAndExecute<T>(await this.#statementFor(text), params, options).catch((retryErr: unknown) => {
          throw annotated(retryErr, text, params, options);
        });
      } finally {
        if (outsideTransaction) await this.syncToFs();
      }
    });
  }

  async #statementFor(text: string): Promise<Prepared> {
    const known = this.#statements.get(text);
    if (known) {
      // Most recently used last: the first entry is the one to let go when full.
      this.#statements.delete(text);
      this.#statements.set(text, known);
      return known;
    }
    if (this.#statements.size >= this.#maxStatements) await this.#forget(this.#statements.keys().next().value as string);
    const name = `imagedock_${++this.#named}`;
    const described = await this.#exchange([serialize.parse({ name, text, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync()]);
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(described) };
    this.#statements.set(text, prepared);
    return prepared;
  }

  async #bindAndExecute<T>({ name, paramTypes }: Prepared, params: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = options?.serializers?.[paramTypes[i]] ?? this.serializers[paramTypes[i]];
      return serializer ? serializer(value) : String(value);
    });
    const answer = await this.#exchange(
      [serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()],
      options,
    );
    return parse.parseResults(answer, this.parsers, options)[0] as Results<T>;
  }

  async #forget(text: string) {
    const prepared = this.#statements.get(text);
    if (!prepared) return;
    this.#statements.delete(text);
    await this.#exchange([serialize.close({ type: 'S', name: prepared.name }), serialize.sync()]);
  }

  /** One call into the engine for a batch of messages, ending in Sync. */
  #exchange(batch: Uint8Array[], options?: QueryOptions) {
    return this.execProtocolStream(Buffer.concat(batch), { syncToFs: false, onNotice: options?.onNotice });
  }
}

// PostgreSQL's answer when a statement's result columns changed under it (a migration).
function planChanged(err: unknown) {
  return err instanceof messages.DatabaseError && err.code === '0A000' && err.message.includes('cached plan must not change result type');
}

function preparable(text: string, options?: QueryOptions) {
  return PREPARABLE.test(text) && !options?.blob && !options?.paramTypes;
}

// As PGlite's own query() marks its errors: the statement, its parameters and options.
function annotated(err: unknown, query: string, params: unknown[], queryOptions?: QueryOptions) {
  if (err instanceof messages.DatabaseError) Object.assign(err, { query, params, queryOptions });
  return err;
}
