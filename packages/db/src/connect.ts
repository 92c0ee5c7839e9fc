import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate';
import { PgliteDialect } from './pglite-dialect';
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
}

/** PGlite with the same value parsing as the pg driver. */
export function createPglite(options: PGliteOptions = {}): Promise<PGlite> {
  return PGlite.create({ ...options, parsers: PARSERS });
}

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const storage = options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize, options.onIdleConnectionError) : await openPglite(options);
  if (options.migrate) await migrateToLatest(storage.db);
  return storage;
}

function openPostgres(url: string, poolSize = 10, onIdleConnectionError: (error: Error) => void = () => {}): Storage {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'ponte' });
  pool.on('error', onIdleConnectionError);
  // A connection that dies while checked out also emits 'error' on its client; unheard, it would
  // end the process. The request using it has already failed with the query's own error.
  pool.on('connect', (client) => client.on('error', onIdleConnectionError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: answeringLastRows(pool) }) });
  const parsed = new URL(url);
  return {
    db,
    kind: 'postgres',
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}

/**
 * The pool as kysely sees it, with one difference: a statement list (simple protocol, no
 * parameters) answers with the rows of its last statement that returns rows, not with nothing,
 * so `begin; …; select …; commit` can be one round trip (see `readInOneTrip`). PGlite's dialect
 * answers the same way.
 */
function answeringLastRows(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => {
      const client = await pool.connect();
      return {
        query: async (text: string, values: readonly unknown[]) => {
          const result = (await client.query(text, values as unknown[])) as pg.QueryResult | pg.QueryResult[];
          return Array.isArray(result) ? (result.findLast((r) => r.fields.length > 0) ?? result.at(-1)!) : result;
        },
        release: (destroy?: boolean) => client.release(destroy),
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
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
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  return { db, kind: 'pglite', location, close: () => db.destroy() };
}

export type Db = Kysely<Database>;

/** Round trip to the database, for readiness checks. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
