import { sql, type Compilable, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';

/** The non-owner role every unit of work runs as; row-level security applies to it. */
export const APP_ROLE = 'ponte_app';

/**
 * Who a unit of work acts as, as row-level security sees it:
 * - `user`, `client`: a person or an API client of the agency;
 * - `system`: the hub itself on an agency's behalf (seeding, background jobs);
 * - `hub_operator`: manages agencies and agreements, never an agency's case data;
 * - `authenticator`: checks credentials at the token endpoint;
 * - `hub`: anyone, for the hub's public catalogue;
 * - `worker`: the background worker, which reads events and delivers webhooks across agencies
 *   (never case data).
 */
export type ActorKind = 'user' | 'client' | 'system' | 'hub_operator' | 'authenticator' | 'hub' | 'worker';

declare const scoped: unique symbol;
/** A transaction opened by {@link withTenant} or {@link withoutTenant}: the only way to reach tables. */
export type ScopedTx = Transaction<Database> & { readonly [scoped]: true };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opens the transaction and sets its scope in one round trip: `begin` and the transaction-local
 * settings go as one simple-protocol statement list, so their values are written as literals,
 * each from a closed set (the role, the actor) or checked to be a UUID (the agency) first.
 */
function openingStatements(agencyId: string, actor: ActorKind, isolation?: 'repeatable read'): string {
  if (agencyId !== '' && !UUID.test(agencyId)) throw new Error('the agency of a unit of work must be a UUID');
  // Transaction-local settings only: a session-level SET would survive on a pooled
  // connection into the next request and leak one agency's rows to another.
  return `begin${isolation ? ` isolation level ${isolation}` : ''}; select set_config('role', '${APP_ROLE}', true), set_config('app.agency_id', '${agencyId}', true), set_config('app.actor_kind', '${actor}', true)`;
}

async function unitOfWork<T>(
  db: Kysely<Database>,
  agencyId: string,
  actor: ActorKind,
  work: (tx: ScopedTx) => Promise<T>,
  isolation?: 'repeatable read',
): Promise<T> {
  const opening = openingStatements(agencyId, actor, isolation);
  return db.connection().execute(async (connection) => {
    await sql.raw(opening).execute(connection);
    let result: T;
    try {
      // One connection inside an open transaction: to the verbs, a transaction like any other.
      result = await work(connection as unknown as ScopedTx);
    } catch (error) {
      await sql.raw('rollback').execute(connection).catch(() => undefined);
      throw error;
    }
    await sql.raw('commit').execute(connection);
    return result;
  });
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
      await sql.raw('rollback').execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/** Runs `work` in one transaction as the application role with the agency set. */
export function withTenant<T>(
  db: Kysely<Database>,
  agencyId: string,
  work: (tx: ScopedTx) => Promise<T>,
  actor: Extract<ActorKind, 'user' | 'client' | 'system' | 'hub_operator' | 'authenticator'> = 'user',
): Promise<T> {
  if (!agencyId) throw new Error('withTenant needs an agency id');
  return unitOfWork(db, agencyId, actor, work);
}

/** Runs `work` in one transaction as the application role with no agency: tenant tables show nothing. */
export function withoutTenant<T>(
  db: Kysely<Database>,
  actor: Extract<ActorKind, 'hub_operator' | 'authenticator' | 'hub' | 'system' | 'worker'>,
  work: (tx: ScopedTx) => Promise<T>,
  options: { snapshot?: boolean } = {},
): Promise<T> {
  // A snapshot (repeatable read) for work that must see one state of many rows, like verification.
  return unitOfWork(db, '', actor, work, options.snapshot ? 'repeatable read' : undefined);
}
