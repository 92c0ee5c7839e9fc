import { sql, type Compilable, type CompiledQuery, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import { remainingBudget } from './budget';
import { CommitOutcomeUnknown, isDatabaseUnavailable } from './errors';
import type { Database } from './schema';

/** The non-owner role an agency's units of work run as; row-level security applies to it. */
export const APP_ROLE = 'ponte_app';

/**
 * Who a unit of work acts as. Each is a database role of its own (migration
 * 20261130000100-database-roles), so what it may do comes from the role's grants and policies,
 * never from a setting the unit of work could change:
 * - `user`, `client`: a person or an API client of the agency (`ponte_app`);
 * - `hub`: anyone, for the hub's public catalogue, with no agency set (`ponte_app`);
 * - `authenticator`: checks credentials, keeps console sessions (`ponte_authenticator`);
 * - `hub_operator`: agencies, services, agreements; never case data (`ponte_operator`);
 * - `system`: the hub's own tasks: signing keys, the demo seed, receipt status (`ponte_system`);
 * - `signer`: reads the signing keys, to sign with them, and nothing else (`ponte_signer`);
 * - `worker`: webhook delivery across agencies, never case data (`ponte_worker`);
 * - `sealer`: seals the access log and archives it (`ponte_sealer`);
 * - `auditor`: reads the whole access log to verify it and build proofs (`ponte_auditor`).
 */
export type ActorKind = 'user' | 'client' | 'hub' | 'authenticator' | 'hub_operator' | 'system' | 'signer' | 'worker' | 'sealer' | 'auditor';

export const ROLE_OF: Record<ActorKind, string> = {
  user: APP_ROLE,
  client: APP_ROLE,
  hub: APP_ROLE,
  authenticator: 'ponte_authenticator',
  hub_operator: 'ponte_operator',
  system: 'ponte_system',
  signer: 'ponte_signer',
  worker: 'ponte_worker',
  sealer: 'ponte_sealer',
  auditor: 'ponte_auditor',
};

declare const scoped: unique symbol;
/** A transaction opened by {@link withTenant} or {@link withoutTenant}: the only way to reach tables. */
export type ScopedTx = Transaction<Database> & { readonly [scoped]: true };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Outside a request, a transaction left idle this long (a stuck process) is ended by the server. */
const BACKGROUND_IDLE_MS = 60_000;

/**
 * The transaction's time limits. Inside a request, every wait ends with the request's remaining
 * time: a statement, a lock, the transaction sitting idle; so the server gives up on the work no
 * later than the hub gives up on the request, and the work rolls back.
 */
function timeLimits(): string {
  const left = remainingBudget();
  if (left === undefined) return `set_config('idle_in_transaction_session_timeout', '${BACKGROUND_IDLE_MS}', true)`;
  const ms = Math.max(1, Math.ceil(left));
  return `set_config('statement_timeout', '${ms}', true), set_config('lock_timeout', '${ms}', true), set_config('idle_in_transaction_session_timeout', '${ms + 1000}', true)`;
}

/**
 * Opens the transaction and sets its scope and time limits in one round trip: `begin` and the
 * transaction-local settings go as one simple-protocol statement list, so their values are
 * written as literals, each from a closed set (the role), a number, or checked to be a UUID (the
 * agency) first.
 */
function openingStatements(agencyId: string, actor: ActorKind, isolation?: Isolation): string {
  if (agencyId !== '' && !UUID.test(agencyId)) throw new Error('the agency of a unit of work must be a UUID');
  if (isolation?.snapshot !== undefined && !SNAPSHOT_ID.test(isolation.snapshot)) throw new Error('not a snapshot id PostgreSQL exports');
  // Transaction-local settings only: a session-level SET would survive on a pooled
  // connection into the next request and leak one agency's rows to another. A snapshot to share
  // is set before anything else reads.
  const begin = isolation ? `begin isolation level repeatable read${isolation.snapshot ? `; set transaction snapshot '${isolation.snapshot}'` : ''}` : 'begin';
  return `${begin}; select set_config('role', '${ROLE_OF[actor]}', true), set_config('app.agency_id', '${agencyId}', true), ${timeLimits()}`;
}

/** A repeatable-read transaction, on a snapshot of its own or on one another transaction exported. */
type Isolation = { snapshot?: string | undefined };
/** What `pg_export_snapshot()` returns, e.g. `00000003-0000001B-1`. */
const SNAPSHOT_ID = /^[0-9A-F]{8}-[0-9A-F]{8}-[0-9]{1,10}$/;

/** Rolls back what is open on the connection; a connection already gone has nothing open. */
const rollback = (connection: Kysely<Database>) => sql.raw('rollback').execute(connection).then(() => undefined, () => undefined);

async function unitOfWork<T>(
  db: Kysely<Database>,
  agencyId: string,
  actor: ActorKind,
  work: (tx: ScopedTx) => Promise<T>,
  isolation?: Isolation,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    let result: T;
    try {
      await sql.raw(openingStatements(agencyId, actor, isolation)).execute(connection);
      closing.set(connection, []);
      // One connection inside an open transaction: to the verbs, a transaction like any other.
      result = await work(connection as unknown as ScopedTx);
    } catch (error) {
      closing.delete(connection);
      await rollback(connection);
      throw error;
    }
    try {
      // What the work left for the end goes with the commit, in the same round trip.
      await sql.raw([...(closing.get(connection) ?? []), 'commit'].join('; ')).execute(connection);
    } catch (error) {
      await rollback(connection);
      // The connection failed with the commit on its way: the server may have committed.
      if (isDatabaseUnavailable(error)) throw new CommitOutcomeUnknown(error);
      throw error;
    } finally {
      closing.delete(connection);
    }
    return result;
  });
}

/** The units of work open now, by their connection: what each sends with its commit. */
const closing = new WeakMap<object, string[]>();

/**
 * Sends `statement` with the unit of work's commit, as one statement list in one round trip, for
 * what a unit of work writes last whatever it did (the access log's events). It runs after every
 * other statement of the unit and, if it fails, nothing of the unit is committed. The list goes in
 * the simple protocol, so the values are written as literals, escaped as the driver escapes them
 * and typed by their columns as parameters would be; they are written at once, so a value that
 * cannot be is refused here, inside the work, and the unit rolls back as from any other error.
 */
export function atCommit(tx: ScopedTx, statement: Compilable<unknown>): void {
  const list = closing.get(tx);
  if (!list) throw new Error('atCommit takes the transaction of an open unit of work (withTenant, withoutTenant)');
  list.push(withLiterals(statement.compile()));
}

/** A compiled statement with each `$n` replaced by its value as an escaped literal. */
function withLiterals(query: CompiledQuery): string {
  // Only the placeholders are replaced: the statement's own text may hold no literal, comment or
  // dollar quote in which a `$n` could stand for something else.
  if (/'|--|\/\*|\$(?!\d)/.test(query.sql)) throw new Error('a statement sent with the commit carries its values as parameters only');
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= query.parameters.length) throw new Error(`the statement has no parameter $${n}`);
    return literalOf(query.parameters[index]);
  });
}

function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const text = textOf(value);
  // A statement list ends at a NUL: the server would refuse the whole list as a broken message.
  if (text.includes('\u0000')) throw new Error('a value with a NUL character cannot be written');
  return pg.escapeLiteral(text);
}

/** A value in PostgreSQL's text form, for the kinds the access log writes; any other is refused. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  // An instant, for a timestamptz column.
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || item === null))
    return `{${value.map((item) => (item === null ? 'NULL' : `"${item.replace(/[\\"]/g, (c: string) => `\\${c}`)}"`)).join(',')}}`;
  throw new Error('a value of this kind cannot be sent with the commit');
}

/**
 * A unit of work of one read, sent with its transaction, its scope and its commit as a single
 * statement list: one round trip where {@link withTenant} takes three. The list runs in the
 * simple protocol, so the query's parameters are written as literals: only UUIDs are accepted.
 */
export async function readInOneTrip<R>(
  db: Kysely<Database>,
  agencyId: string,
  actor: Extract<ActorKind, 'authenticator'>,
  build: (tx: ScopedTx) => Compilable<R>,
): Promise<R[]> {
  const compiled = build(db as unknown as ScopedTx).compile();
  const literals = compiled.parameters.map((value) => {
    if (typeof value !== 'string' || !UUID.test(value)) throw new Error('a one-trip read takes UUID parameters only');
    return `'${value}'`;
  });
  const statement = compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literals[Number(n) - 1]!);
  const list = `${openingStatements(agencyId, actor)}; ${statement}; commit`;
  return db.connection().execute(async (connection) => {
    try {
      return (await sql.raw<R>(list).execute(connection)).rows;
    } catch (error) {
      // A failed statement leaves the transaction open and aborted on this pooled connection.
      await rollback(connection);
      throw error;
    }
  });
}

/** Runs `work` in one transaction with the agency set, as the actor's role (an agency's people by default). */
export function withTenant<T>(
  db: Kysely<Database>,
  agencyId: string,
  work: (tx: ScopedTx) => Promise<T>,
  actor: Extract<ActorKind, 'user' | 'client' | 'system' | 'hub_operator' | 'authenticator'> = 'user',
): Promise<T> {
  if (!agencyId) throw new Error('withTenant needs an agency id');
  return unitOfWork(db, agencyId, actor, work);
}

/** Runs `work` in one transaction as the actor's role with no agency: tenant tables show nothing. */
export function withoutTenant<T>(
  db: Kysely<Database>,
  actor: Exclude<ActorKind, 'user' | 'client'>,
  work: (tx: ScopedTx) => Promise<T>,
  options: { snapshot?: boolean | string } = {},
): Promise<T> {
  // A snapshot (repeatable read) for work that must see one state of many rows, like verification;
  // given an exported snapshot's id, the very state another transaction sees, to share its work.
  return unitOfWork(db, '', actor, work, options.snapshot ? { snapshot: typeof options.snapshot === 'string' ? options.snapshot : undefined } : undefined);
}
