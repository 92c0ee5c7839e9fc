import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { traceStatement, type DatabaseTarget } from '@ponte/tracing';
import { countRoundTrip, remainingBudget } from './budget';
import { DatabaseTimeout } from './errors';
import { bindLink, sendOnLink, type UnitLink } from './statement-lists';

type Results = { rows: unknown[]; fields: unknown[]; affectedRows?: number | undefined };

/**
 * Kysely dialect for embedded PGlite. PGlite has one connection, so units of work are
 * serialised through a queue. Like node-postgres, a query without parameters runs through
 * the simple protocol and may hold several statements (migrations rely on it).
 */
export class PgliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly onSend?: (text: string) => void,
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.pglite, this.onSend);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}

/** The embedded engine, as a span names it: PostgreSQL, in the process. */
const EMBEDDED: DatabaseTarget = { 'db.system.name': 'postgresql', 'db.namespace': 'pglite' };

class PgliteConnection implements DatabaseConnection {
  /** The unit of work holding the connection now, if it was taken for one. */
  link: UnitLink | undefined;

  constructor(
    private readonly pglite: PGlite,
    private readonly onSend?: (text: string) => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const results = await sendOnLink(this.link, query, (text, values) => traceStatement(text, EMBEDDED, () => this.#send(text, values)), this.onSend);
    // As with PostgreSQL: the rows of the last statement that returns rows.
    const last = results.findLast((r) => r.fields.length > 0) ?? results.at(-1);
    return toQueryResult<R>(last?.rows ?? [], last?.affectedRows);
  }

  async #send(text: string, values: readonly unknown[]): Promise<Results[]> {
    // Inside a request whose time is over, nothing but a rollback is sent (as on PostgreSQL).
    const left = remainingBudget();
    if (left !== undefined && left <= 0 && !/^\s*rollback\s*$/i.test(text)) throw new DatabaseTimeout('deadline');
    const sent = performance.now();
    let statements = 1;
    try {
      // Like node-postgres, a statement without parameters runs through the simple protocol and may be a list.
      if (values.length === 0) {
        const results = await this.pglite.exec(text);
        statements = results.length;
        return results;
      }
      return [await this.pglite.query(text, [...values])];
    } finally {
      countRoundTrip(performance.now() - sent, statements);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

function toQueryResult<R>(rows: unknown[], affectedRows: number | undefined): QueryResult<R> {
  return affectedRows ? { rows: rows as R[], numAffectedRows: BigInt(affectedRows) } : { rows: rows as R[] };
}

class PgliteDriver implements Driver {
  #connection: PgliteConnection;
  #busy = false;
  #waiting: Array<() => void> = [];

  constructor(
    private readonly pglite: PGlite,
    onSend?: (text: string) => void,
  ) {
    this.#connection = new PgliteConnection(pglite, onSend);
  }

  async init(): Promise<void> {}

  /**
   * The one connection, when it is free. Inside a request the wait ends with the request's time
   * (the waiter leaves the queue and the request fails, having done nothing).
   */
  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#busy) {
      const left = remainingBudget();
      if (left !== undefined && left <= 0) throw new DatabaseTimeout('pool');
      await new Promise<void>((resolve, reject) => {
        const waiter = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer =
          left === undefined
            ? undefined
            : setTimeout(() => {
                this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
                reject(new DatabaseTimeout('pool'));
              }, left);
        this.#waiting.push(waiter);
      });
    }
    this.#busy = true;
    this.#connection.link = bindLink();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#connection.link = undefined;
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`start transaction${level}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    await this.pglite.close();
  }
}
