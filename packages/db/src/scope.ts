import { sql, type Kysely, type Transaction } from 'kysely';
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

async function unitOfWork<T>(
  db: Kysely<Database>,
  agencyId: string,
  actor: ActorKind,
  work: (tx: ScopedTx) => Promise<T>,
  isolation?: 'repeatable read',
): Promise<T> {
  const transaction = isolation ? db.transaction().setIsolationLevel(isolation) : db.transaction();
  return transaction.execute(async (trx) => {
    // Transaction-local settings only: a session-level SET would survive on a pooled
    // connection into the next request and leak one agency's rows to another.
    await sql`select set_config('role', ${APP_ROLE}, true),
                     set_config('app.agency_id', ${agencyId}, true),
                     set_config('app.actor_kind', ${actor}, true)`.execute(trx);
    return work(trx as ScopedTx);
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
