import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type LogConfig, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { traceStatement, type DatabaseTarget } from '@ponte/tracing';
import { countRoundTrip, remainingBudget } from './budget';
import { DatabaseTimeout } from './errors';
import { migrateToLatest } from './migrate';
import { bindLink, executeByName, sendOnLink, withLiterals } from './statement-lists';
import { PgliteDialect } from './pglite-dialect';
import { ReplicaRouter, replicaProbe, type ReplicaReads, type ReplicaRouterOptions } from './replica';
import type { Database } from './schema';

/**
 * Values are typed once, here, the same for both engines: dates stay ISO strings (`date`
 * columns), bigint counts become numbers, and a `bytea` is a `Buffer` (node-postgres gives one;
 * PGlite would give a plain `Uint8Array`, whose `toString('hex')` ignores its argument).
 */
const PARSERS: Record<number, (text: string) => unknown> = {
  [pg.types.builtins.DATE]: (v) => v,
  [pg.types.builtins.INT8]: (v) => Number(v),
  // PostgreSQL's text form of a bytea: `\x` then two hex digits a byte.
  [pg.types.builtins.BYTEA]: (v) => Buffer.from(v.slice(2), 'hex'),
};
for (const [oid, parse] of Object.entries(PARSERS)) pg.types.setTypeParser(Number(oid), parse);

export type StorageKind = 'postgres' | 'pglite';

export interface Storage {
  db: Kysely<Database>;
  kind: StorageKind;
  /** Where the data lives, without credentials: a host/database or a folder. */
  location: string;
  /** Does the database answer? Asked outside the pool, so a busy pool cannot make it wait. */
  ping(): Promise<void>;
  /**
   * Calls `onNotify` for every notification on `channel` (PostgreSQL's LISTEN, on a connection of
   * its own that comes back after the server does). Returns how to stop listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** The pool's connections now: checked out, idle, and units of work waiting for one (for metrics). */
  poolStats(): { busy: number; idle: number; waiting: number };
  /** The read replica, when one is configured, for the reads that may be stale (see `replica.ts`). */
  replica?: ReplicaReads | undefined;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** A PostgreSQL connection string; without it the hub runs embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Folder for embedded PGlite; `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number | undefined;
  /** Run migrations before returning. */
  migrate?: boolean | undefined;
  /** A PGlite instance to use as is (tests clone one from a migrated template). */
  pglite?: PGlite | undefined;
  /**
   * Called when an idle pooled connection fails (the server restarted, say). The pool drops
   * the connection and opens another when needed; without a handler the process would crash.
   */
  onIdleConnectionError?: ((error: Error) => void) | undefined;
  /**
   * kysely's `log` option, the same on both engines: the levels to print (`['query', 'error']`),
   * or a function called with each statement once it has run (its SQL text, its parameters, how
   * long it took, the error if it failed). Parameters hold personal data: never log them.
   */
  log?: LogConfig | undefined;
  /**
   * Prepare the statements the process sends again and again (PostgreSQL only; on by default), so
   * the server plans them once per connection instead of at every execution. Off behind a pooler
   * in transaction mode that cannot carry prepared statements (PgBouncer before 1.21).
   */
  preparedStatements?: boolean | undefined;
  /**
   * Called with the text of each round trip to the database as it goes, on both engines (a
   * statement, or a statement list; the values of a statement joined to a unit's opening still
   * as `$n`). For tests that hold the hub to the statements it sends; never log what it is given
   * beyond the text.
   */
  onSend?: ((text: string) => void) | undefined;
  /**
   * A hot standby of the PostgreSQL server, for the reads that may be stale while it is at most
   * `maxStalenessSeconds` behind (PostgreSQL only: embedded PGlite has no replica, and is refused one).
   */
  replica?: { url: string; maxStalenessSeconds: number; onChange?: ReplicaRouterOptions['onChange'] } | undefined;
}

/** PGlite with the same value parsing as the pg driver. */
export function createPglite(options: PGliteOptions = {}): Promise<PGlite> {
  return PGlite.create({ ...options, parsers: PARSERS });
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.replica && !options.databaseUrl) throw new Error('a read replica needs a PostgreSQL primary: embedded PGlite has none');
  const storage = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize, options.onIdleConnectionError, options.log, options.preparedStatements ?? true, options.onSend)
    : await openPglite(options);
  if (options.migrate) await migrateToLatest(storage.db);
  if (options.replica) {
    const { url, maxStalenessSeconds, onChange } = options.replica;
    // The replica's own pool, as large as the primary's; a connection that does not come within 2 s
    // fails the read there, and it is made again on the primary within the request's time.
    const reads = openPostgres(url, options.poolSize, options.onIdleConnectionError, options.log, options.preparedStatements ?? true, options.onSend, 2000);
    const probe = replicaProbe(url);
    const replica = new ReplicaRouter(reads.db, probe.measure, { maxStalenessSeconds, onChange }, probe.close);
    const closePrimary = storage.close;
    return { ...storage, replica, close: async () => void (await Promise.all([closePrimary(), replica.close()])) };
  }
  return storage;
}

function openPostgres(
  url: string,
  poolSize = 10,
  onIdleConnectionError: (error: Error) => void = () => {},
  log?: LogConfig,
  prepared = true,
  onSend?: (text: string) => void,
  connectTimeoutMs = 10_000,
): Storage {
  // Connecting a new client gives up after 10 s (a server that does not answer at all).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'ponte', connectionTimeoutMillis: connectTimeoutMs });
  pool.on('error', onIdleConnectionError);
  // A connection that dies while checked out also emits 'error' on its client; unheard, it would
  // end the process. The request using it has already failed with the query's own error.
  pool.on('connect', (client) => client.on('error', onIdleConnectionError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: budgetedPool(pool, 30_000, prepared ? new StatementNames() : undefined, onSend, targetOf(url)) }), log });
  const parsed = new URL(url);
  return {
    db,
    kind: 'postgres',
    location: `${parsed.searchParams.get('host') ?? `${parsed.hostname}:${parsed.port || 5432}`}${parsed.pathname}`,
    // Readiness asks the server on a connection of its own, never queued behind the pool's work.
    ping: async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'ponte-readiness', connectionTimeoutMillis: 2000, query_timeout: 2000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('select 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    listen: (channel, onNotify) => listenOn(url, channel, onNotify),
    poolStats: () => ({ busy: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

/** The server a pool's statements go to, as a span names it. */
function targetOf(url: string): DatabaseTarget {
  const parsed = new URL(url);
  const socket = parsed.searchParams.get('host');
  return {
    'db.system.name': 'postgresql',
    'db.namespace': decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    'server.address': socket ?? parsed.hostname,
    ...(socket ? {} : { 'server.port': Number(parsed.port || 5432) }),
  };
}

/**
 * LISTEN on a connection kept apart from the pool; if it drops (the server restarts), it is opened
 * again every second until it works, and `onNotify` is called once then, for whatever was written
 * while nobody listened.
 */
async function listenOn(url: string, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error('a channel is a plain identifier');
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const again = () => {
    if (!stopped) retry = setTimeout(() => void open(), 1000);
  };
  const open = async (): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url, application_name: 'ponte-listener', connectionTimeoutMillis: 5000, keepAlive: true });
    next.on('error', () => undefined);
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch {
      await next.end().catch(() => undefined);
      return again();
    }
    // Stopped while this connection was being opened: it is not kept.
    if (stopped) return void (await next.end().catch(() => undefined));
    next.on('notification', () => onNotify());
    next.once('end', again);
    client = next;
    onNotify();
  };
  await open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/**
 * The pool as kysely sees it, with four differences:
 * - a statement list (simple protocol, no parameters) answers with the rows of its last statement
 *   that returns rows, not with nothing, so `begin; …; select …; commit` can be one round trip
 *   (see `readInOneTrip`); PGlite's dialect answers the same way;
 * - a connection taken for a unit of work sends the unit's opening with its first statement, and
 *   keeps the rows of every statement of a list for the unit (`sendOnLink`);
 * - inside a request (see `withinBudget`), waiting for a connection ends with the request's time,
 *   no statement but a rollback is sent once it is over, and a statement still running at the
 *   deadline is cancelled on the server (a CancelRequest), so the unit of work fails and rolls back
 *   by the time the request answers;
 * - outside a request, waiting for a connection ends after `acquireTimeoutMs`.
 */
function budgetedPool(pool: pg.Pool, acquireTimeoutMs: number, names?: StatementNames, onSend?: (text: string) => void, target: DatabaseTarget = {}): PostgresPool {
  const acquire = async (): Promise<pg.PoolClient> => {
    const wait = remainingBudget() ?? acquireTimeoutMs;
    if (wait <= 0) throw new DatabaseTimeout('pool');
    const pending = pool.connect();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeout('pool')), wait);
    });
    try {
      return await Promise.race([pending, timedOut]);
    } catch (error) {
      // A connection that comes free after its request gave up goes straight back to the pool.
      if (error instanceof DatabaseTimeout) pending.then((late) => late.release(), () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    connect: async () => {
      // Taken for a unit of work: the unit's opening may wait to go with its first statement.
      const link = bindLink();
      const client = await acquire();
      // Set once a cancel has gone out for this connection: it may still arrive after the statement
      // it was meant for, so the connection is closed rather than lent to another request.
      const cancelled = { sent: false };
      let stale = false;
      // Statements of lists prepared on this connection by name: written by a list not sent yet.
      const preparing = new Map<string, string>();
      const parsed = (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
      if (link && names)
        link.render = (query) => {
          const name = names.nameOf(query.sql, query.parameters.length);
          if (!name) return withLiterals(query);
          const execute = executeByName(name, query);
          if (parsed[name] === query.sql || preparing.get(name) === query.sql) return execute;
          preparing.set(name, query.sql);
          return `prepare ${name} as ${query.sql}; ${execute}`;
        };
      const textOf = names ? (name: string) => names.textOf(name) : undefined;
      const send = (text: string, values: readonly unknown[]): Promise<pg.QueryResult[]> => traceStatement(text, target, () => sendNow(text, values), textOf);
      const sendNow = async (text: string, values: readonly unknown[]): Promise<pg.QueryResult[]> => {
        const left = remainingBudget();
        const rollback = /^\s*rollback\s*$/i.test(text);
        if (left !== undefined && left <= 0 && !rollback) throw new DatabaseTimeout('deadline');
        const name = names?.nameOf(text, values.length);
        const sent = performance.now();
        const running = (name ? client.query({ name, text, values: values as unknown[] }) : client.query(text, values as unknown[])) as Promise<pg.QueryResult | pg.QueryResult[]>;
        const cancel = left !== undefined && !rollback ? cancelAtDeadline(pool, client, left, cancelled) : undefined;
        let statements = 1;
        // The statements this list prepares: known to the connection once the list has run.
        const prepares = [...preparing].filter(([named]) => text.includes(`prepare ${named} as `));
        try {
          const result = await running;
          for (const [named, sql] of prepares) {
            parsed[named] = sql;
            preparing.delete(named);
          }
          if (!Array.isArray(result)) return [result];
          statements = result.length;
          // A list's own results, without those of the statements it prepared.
          return result.filter((r) => r.command !== 'PREPARE');
        } catch (error) {
          // The server lost or outdated the connection's statements (a migration changed a table
          // they read, a pooler reset the session): the connection goes, the next one prepares anew.
          // So does one whose list failed: what of it was prepared before the failure is unknown.
          if ((name && isStalePreparedStatement(error)) || prepares.length > 0) stale = true;
          throw error;
        } finally {
          countRoundTrip(performance.now() - sent, statements);
          clearTimeout(cancel);
        }
      };
      return {
        query: async (text: string, values: readonly unknown[]) => {
          const results = await sendOnLink(link, { sql: text, parameters: values }, send, onSend);
          return results.findLast((r) => r.fields.length > 0) ?? results.at(-1) ?? { rows: [], fields: [], command: 'ROLLBACK', rowCount: null };
        },
        release: (destroy?: boolean) => client.release(destroy || cancelled.sent || stale),
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/**
 * Which statements run prepared: a parameterized one the process has sent before (a statement sent
 * once, such as one with an unusual number of values in a list, is not worth a plan kept on the
 * server), up to `capacity` statements, each under one name on every connection. PostgreSQL then
 * plans it once per connection (and re-plans it where row-level security makes the plan depend on
 * the role), instead of at every execution: with the log's partitions and the policies' sub-plans,
 * planning costs more than running most of the hub's statements.
 */
export class StatementNames {
  readonly #seen = new Map<string, string | null>();
  readonly #texts = new Map<string, string>();

  constructor(private readonly capacity = 500) {}

  /** The statement's name, or `undefined` to send it unnamed (planned where it runs). */
  nameOf(text: string, parameters: number): string | undefined {
    if (parameters === 0) return undefined;
    const seen = this.#seen.get(text);
    if (seen) return seen;
    if (seen === undefined) {
      if (this.#seen.size < this.capacity * 4) this.#seen.set(text, null);
      return undefined;
    }
    if (this.#named >= this.capacity) return undefined;
    const name = `ponte_${++this.#named}`;
    this.#seen.set(text, name);
    this.#texts.set(name, text);
    return name;
  }

  /** The text of the statement prepared under `name` (for a span's summary of `execute name(…)`). */
  textOf(name: string): string | undefined {
    return this.#texts.get(name);
  }

  #named = 0;
}

const isStalePreparedStatement = (error: unknown) => {
  const code = (error as { code?: string }).code;
  // 0A000: "cached plan must not change result type"; 26000: the statement no longer exists;
  // 42P05: the session already holds one by that name (a pooler that shares sessions).
  return code === '0A000' || code === '26000' || code === '42P05';
};

/**
 * At the deadline, asks the server to cancel whatever this connection is running: the protocol's
 * CancelRequest (the backend's process id and secret key), on a connection of its own, so it needs
 * no free slot in the pool. The statement then fails with 57014 and its unit of work rolls back.
 */
function cancelAtDeadline(pool: pg.Pool, client: pg.PoolClient, ms: number, cancelled: { sent: boolean }): NodeJS.Timeout {
  const timer = setTimeout(() => {
    cancelled.sent = true;
    const target = client as unknown as { processID: number | null; secretKey: number | null };
    if (target.processID === null || target.secretKey === null) return;
    // Where the server is, as the pool's clients read it from the connection string.
    const where = new pg.Client(pool.options as pg.ClientConfig) as unknown as { host: string; port: number; ssl: unknown };
    const connection = new (pg as unknown as { Connection: new (config: { ssl: unknown }) => CancelConnection }).Connection({ ssl: where.ssl });
    connection.on('error', () => undefined);
    connection.on('connect', () => connection.cancel(target.processID, target.secretKey));
    if (where.host.startsWith('/')) connection.connect(`${where.host}/.s.PGSQL.${where.port}`);
    else connection.connect(where.port, where.host);
  }, ms);
  timer.unref();
  return timer;
}

interface CancelConnection {
  on(event: string, listener: () => void): void;
  connect(portOrPath: number | string, host?: string): void;
  cancel(processId: number | null, secretKey: number | null): void;
}

async function openPglite(options: StorageOptions): Promise<Storage> {
  let pglite = options.pglite;
  let location = 'memory';
  if (!pglite) {
    const dir = options.dataDir ?? './.data';
    if (dir.startsWith('memory://')) {
      pglite = await createPglite();
    } else {
      location = resolve(dir);
      mkdirSync(location, { recursive: true });
      pglite = await createPglite({ dataDir: location });
    }
  }
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite, options.onSend), log: options.log });
  const instance = pglite;
  // PGlite is in this process: it answers unless it is closed. The query goes to it directly, not
  // through the dialect's queue (a read of nothing, harmless inside whatever transaction is open).
  return {
    db,
    kind: 'pglite',
    location,
    ping: async () => void (await instance.query('select 1')),
    listen: async (channel, onNotify) => {
      const stop = await instance.listen(channel, () => onNotify());
      return () => stop();
    },
    // One connection, in this process; the dialect queues what waits for it.
    poolStats: () => ({ busy: 0, idle: 1, waiting: 0 }),
    close: () => db.destroy(),
  };
}

export type Db = Kysely<Database>;


/**
 * What is wrong with the login the hub connects with, for a warning at start: a superuser bypasses
 * row-level security altogether, and the schema's owner could change it; the hub should log in as a
 * role that owns nothing and can only switch into the units of work's roles.
 */
export async function loginConcerns(db: Db): Promise<Array<'superuser' | 'schema_owner'>> {
  const { rows } = await sql<{ superuser: boolean; owner: boolean }>`
    select r.rolsuper as superuser,
           exists (select 1 from pg_tables t where t.schemaname = 'public' and t.tableowner = current_user) as owner
    from pg_roles r where r.rolname = current_user`.execute(db);
  const concerns: Array<'superuser' | 'schema_owner'> = [];
  if (rows[0]?.superuser) concerns.push('superuser');
  if (rows[0]?.owner) concerns.push('schema_owner');
  return concerns;
}
