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
import { countRoundTrip, remainingBudget } from './budget';
import { DatabaseTimeout } from './errors';

/**
 * Kysely dialect for embedded PGlite. PGlite has one connection, so units of work are
 * serialised through a queue. Like node-postgres, a query without parameters runs through
 * the simple protocol and may hold several statements (migrations rely on it).
 */
export class PgliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.pglite);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a request whose time is over, nothing but a rollback is sent (as on PostgreSQL).
    const left = remainingBudget();
    if (left !== undefined && left <= 0 && !/^\s*rollback\s*$/i.test(query.sql)) throw new DatabaseTimeout('deadline');
    const sent = performance.now();
    try {
      if (query.parameters.length === 0) {
        const results = await this.pglite.exec(query.sql);
        // As with PostgreSQL: the rows of the last statement that returns rows.
        const last = results.findLast((r) => r.fields.length > 0) ?? results.at(-1);
        return toQueryResult<R>(last?.rows ?? [], last?.affectedRows);
      }
      const result = await this.pglite.query<R>(query.sql, [...query.parameters]);
      return toQueryResult<R>(result.rows, result.affectedRows);
    } finally {
      countRoundTrip(performance.now() - sent);
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

  constructor(private readonly pglite: PGlite) {
    this.#connection = new PgliteConnection(pglite);
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
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
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
