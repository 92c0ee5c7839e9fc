import { sql, type Compilable, type Kysely, type Transaction } from 'kysely';
import { remainingBudget, requestSlot } from './budget';
import { CommitOutcomeUnknown, isDatabaseUnavailable } from './errors';
import type { Database } from './schema';
import { inList, linkedTo, newLink, type Statement, type UnitLink } from './statement-lists';

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
 * - `worker`: webhook delivery across agencies and the overdue sweep, never case data (`ponte_worker`);
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
 * The statements that open a transaction and set its scope and time limits, one result each. They
 * go as a simple-protocol statement list, so their values are written as literals, each from a
 * closed set (the role), a number, or checked to be a UUID (the agency) first.
 */
function openingStatements(agencyId: string, actor: ActorKind, isolation?: Isolation, readOnly = false): string[] {
  if (isolation?.snapshot !== undefined && !SNAPSHOT_ID.test(isolation.snapshot)) throw new Error('not a snapshot id PostgreSQL exports');
  // A READ ONLY transaction (a read replica's) sets its role and agency as any other: set_config is no write.
  const only = readOnly ? ' read only' : '';
  // A snapshot to share is set before anything else reads.
  if (isolation) return [`begin isolation level repeatable read${only}`, ...(isolation.snapshot ? [`set transaction snapshot '${isolation.snapshot}'`] : []), scopeOf(agencyId, actor)];
  return [`begin${only}`, scopeOf(agencyId, actor)];
}

/**
 * Who the statements after this one run as. Transaction-local settings only: a session-level SET
 * would survive on a pooled connection into the next request and leak one agency's rows to another.
 * A later scope in the same transaction replaces an earlier one (the account check, then the work).
 */
function scopeOf(agencyId: string, actor: ActorKind): string {
  if (agencyId !== '' && !UUID.test(agencyId)) throw new Error('the agency of a unit of work must be a UUID');
  return `select set_config('role', '${ROLE_OF[actor]}', true), set_config('app.agency_id', '${agencyId}', true), ${timeLimits()}`;
}

/** A repeatable-read transaction, on a snapshot of its own or on one another transaction exported. */
type Isolation = { snapshot?: string | undefined };
/** What `pg_export_snapshot()` returns, e.g. `00000003-0000001B-1`. */
const SNAPSHOT_ID = /^[0-9A-F]{8}-[0-9A-F]{8}-[0-9]{1,10}$/;

/** Rolls back what is open on the connection; a connection already gone has nothing open. */
const rollback = (connection: Kysely<Database>) => sql.raw('rollback').execute(connection).then(() => undefined, () => undefined);

/** The rows of each statement a unit of work read as it opened (see `first` in {@link UnitOptions}). */
export type Opened = unknown[][];

export interface UnitOptions {
  /**
   * Statements read as the unit opens, in the same round trip as its `begin` (and the request's
   * account check, if it is still to be made): the facts a verb decides on. Their rows are handed
   * to the work, in order.
   */
  first?: ReadonlyArray<(tx: ScopedTx) => Compilable<unknown>> | undefined;
  /**
   * A READ ONLY transaction, for a unit on the read replica (see `readMayBeStale`): a standby
   * refuses writes anyway; marked, a write is refused even where the replica's address reaches a
   * server that is no standby (a promoted one).
   */
  readOnly?: boolean | undefined;
}

async function unitOfWork<T>(
  db: Kysely<Database>,
  agencyId: string,
  actor: ActorKind,
  work: (tx: ScopedTx, opened: Opened) => Promise<T>,
  options: UnitOptions & { isolation?: Isolation } = {},
): Promise<T> {
  // The request's account, if nobody has checked it yet, is checked as this unit opens, before its
  // work runs; taken before a connection is, so no unit waits for another while holding one.
  const check = await takeAccountCheck(db);
  const link = newLink();
  // Whatever ends the unit before it could make the check (no connection came), the next unit makes it.
  const reopened = (error: unknown) => {
    if (check) reopenCheck(check);
    throw error;
  };
  return linkedTo(link, () =>
    db.connection().execute(async (connection) => {
      const tx = connection as unknown as ScopedTx;
      const ends: Ends = { statements: [], reads: [] };
      let result: T;
      try {
        const opening = openingStatements(agencyId, actor, options.isolation, options.readOnly);
        const first = options.first ?? [];
        let opened: Opened = [];
        if (check || first.length > 0) {
          // Sent now, as one list: the work needs what it reads (and who the principal is) to start.
          const { list, checkAt } = withAccountCheck(opening, check, link);
          const firstAt = list.length;
          list.push(...first.map((build) => inList(link, build(tx).compile())));
          await sql.raw(list.join('; ')).execute(connection);
          if (check) settleCheck(check, link.results[checkAt]!);
          opened = link.results.slice(firstAt);
        } else {
          // Otherwise the opening goes with the work's first statement (or its commit): one trip fewer.
          link.opening = opening;
        }
        closing.set(connection, ends);
        links.set(connection, link);
        // One connection inside an open transaction: to the verbs, a transaction like any other.
        result = await work(tx, opened);
      } catch (error) {
        closing.delete(connection);
        await rollback(connection);
        throw error;
      }
      try {
        // What the work left for the end goes with the commit, in the same round trip.
        const list = [...ends.statements, 'commit'];
        await sql.raw(list.join('; ')).execute(connection);
        // The list's rows are the last of the connection's results (an opening still held went first).
        const offset = link.results.length - list.length;
        for (const { at, read } of ends.reads) read.fill(link.results[offset + at]!);
      } catch (error) {
        await rollback(connection);
        // The connection failed with the commit on its way: the server may have committed.
        if (isDatabaseUnavailable(error)) throw new CommitOutcomeUnknown(error);
        throw error;
      } finally {
        closing.delete(connection);
      }
      return result;
    }),
  ).catch(reopened);
}

/** What a unit of work sends with its commit, in order, and where the reads among them are. */
interface Ends {
  statements: string[];
  reads: Array<{ at: number; read: AtCommitRead<unknown> }>;
}

/** The units of work open now, by their connection: what each sends with its commit. */
const closing = new WeakMap<object, Ends>();
/** The units of work by their connection: where the rows of each statement of a list come back. */
const links = new WeakMap<object, UnitLink>();

/**
 * Reads several statements in one round trip, inside a unit of work: statements that need nothing
 * of each other's rows (the agreements, consents, agencies and transitions of a page of referrals)
 * go as one statement list, their values written as literals, and each one's rows come back in
 * order. Where one cannot be written so, they are read one by one.
 */
export async function readTogether(tx: ScopedTx, queries: ReadonlyArray<Compilable<unknown>>): Promise<unknown[][]> {
  const link = links.get(tx);
  if (!link) throw new Error('readTogether takes the transaction of an open unit of work (withTenant, withoutTenant)');
  if (queries.length === 0) return [];
  let list: string[];
  try {
    list = queries.map((query) => inList(link, query.compile()));
  } catch {
    const rows: unknown[][] = [];
    for (const query of queries) rows.push((await tx.executeQuery(query.compile())).rows as unknown[]);
    return rows;
  }
  await sql.raw(list.join('; ')).execute(tx);
  return link.results.slice(-list.length);
}

/**
 * Sends `statement` with the unit of work's commit, as one statement list in one round trip, for
 * what a unit of work writes last whatever it did (the access log's events). It runs after every
 * other statement of the unit and, if it fails, nothing of the unit is committed. The list goes in
 * the simple protocol, so the values are written as literals, escaped as the driver escapes them
 * and typed by their columns as parameters would be; they are written at once, so a value that
 * cannot be is refused here, inside the work, and the unit rolls back as from any other error.
 */
export function atCommit(tx: ScopedTx, statement: Compilable<unknown>): void {
  endsOf(tx).statements.push(inList(links.get(tx), statement.compile()));
}

/**
 * Reads with the unit of work's commit, in the same round trip: for a read the work has decided to
 * make and whose rows it does not need to decide anything more (the data a request returns, once
 * the policy allowed it; the row a write returns). It runs in its place among what {@link atCommit}
 * sends, in the order they were asked for, in the same transaction; its rows are there once the
 * unit has committed.
 */
export function readAtCommit<R>(tx: ScopedTx, query: Compilable<R>): AtCommitRead<R> {
  const ends = endsOf(tx);
  const read = new AtCommitRead<R>();
  ends.reads.push({ at: ends.statements.length, read: read as AtCommitRead<unknown> });
  ends.statements.push(inList(links.get(tx), query.compile()));
  return read;
}

/** The rows of a {@link readAtCommit}, once its unit of work has committed. */
export class AtCommitRead<R> {
  #rows: R[] | undefined;
  fill(rows: unknown[]): void {
    this.#rows = rows as R[];
  }
  get rows(): R[] {
    if (!this.#rows) throw new Error('a read sent with the commit has its rows once the unit of work has committed');
    return this.#rows;
  }
}

function endsOf(tx: ScopedTx): Ends {
  const ends = closing.get(tx);
  if (!ends) throw new Error('atCommit takes the transaction of an open unit of work (withTenant, withoutTenant)');
  return ends;
}

/**
 * The request's account check, made in the first unit of work the request opens: as the
 * authenticator, with the account's agency, before the unit's own scope replaces both. A request
 * that never opens one has the check made on its own ({@link settleAccountCheck}).
 */
export interface AccountCheck {
  agencyId: string;
  /** The account's row (none: no such account). */
  statement: (tx: ScopedTx) => Compilable<unknown>;
  /** Accepts the account as read, or throws the refusal every unit of the request then throws. */
  accept(rows: unknown[]): void;
}

interface PendingCheck extends AccountCheck {
  query: Statement;
  settled: boolean;
}

/**
 * Asks that the request's account be checked in its first unit of work, in that unit's opening
 * round trip, instead of in one of its own. Until then nothing of the account is known but what
 * its token says.
 */
export function deferAccountCheck(check: AccountCheck): void {
  const slot = requestSlot();
  if (!slot) throw new Error('an account check is deferred inside a request only');
  slot.check = { state: 'pending', check };
}

/**
 * Makes the request's account check now if no unit of work has made it yet (one round trip); throws
 * its refusal if it refused. A request that answers without the database calls this before it answers.
 */
export async function settleAccountCheck(db: Kysely<Database>): Promise<void> {
  const check = await takeAccountCheck(db);
  if (!check) return;
  const link = newLink();
  const { list, checkAt } = withAccountCheck(['begin'], check, undefined);
  list.push('commit');
  try {
    await linkedTo(link, () =>
      db.connection().execute(async (connection) => {
        try {
          await sql.raw(list.join('; ')).execute(connection);
        } catch (error) {
          // A failed statement leaves the transaction open and aborted on this pooled connection.
          await rollback(connection);
          throw error;
        }
      }),
    );
  } catch (error) {
    reopenCheck(check);
    throw error;
  }
  settleCheck(check, link.results[checkAt]!);
}

/**
 * The opening with the account check before the unit's own scope (which comes last), and where
 * the check's rows are among the list's results.
 */
function withAccountCheck(opening: string[], check: PendingCheck | undefined, link: UnitLink | undefined): { list: string[]; checkAt: number } {
  if (!check) return { list: [...opening], checkAt: -1 };
  const own = opening.length > 1 ? opening.slice(-1) : [];
  const before = opening.slice(0, opening.length - own.length);
  return { list: [...before, scopeOf(check.agencyId, 'authenticator'), inList(link, check.query), ...own], checkAt: before.length + 1 };
}

/** The request's check to make in the unit opening now; waits for one being made; throws a refusal. */
async function takeAccountCheck(db: Kysely<Database>): Promise<PendingCheck | undefined> {
  const slot = requestSlot();
  const held = slot?.check;
  if (!held) return undefined;
  if (held.state === 'running') {
    await held.done;
    return takeAccountCheck(db);
  }
  if (held.state === 'refused') throw held.error;
  if (held.state === 'accepted') return undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const check: PendingCheck = { ...held.check, query: held.check.statement(db as unknown as ScopedTx).compile(), settled: false };
  slot!.check = { state: 'running', check: held.check, done, finish };
  return check;
}

function settleCheck(check: PendingCheck, rows: unknown[]): void {
  const slot = requestSlot()!;
  const running = slot.check as Extract<CheckState, { state: 'running' }>;
  check.settled = true;
  try {
    check.accept(rows);
    slot.check = { state: 'accepted' };
  } catch (error) {
    slot.check = { state: 'refused', error };
    throw error;
  } finally {
    running.finish();
  }
}

/** The unit that was to make the check failed before it could: the next unit makes it. */
function reopenCheck(check: PendingCheck): void {
  const slot = requestSlot();
  if (check.settled || slot?.check?.state !== 'running') return;
  const running = slot.check;
  slot.check = { state: 'pending', check: running.check };
  running.finish();
}

/** Where the request's account check stands. */
export type CheckState =
  | { state: 'pending'; check: AccountCheck }
  | { state: 'running'; check: AccountCheck; done: Promise<void>; finish: () => void }
  | { state: 'accepted' }
  | { state: 'refused'; error: unknown };

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
  const list = [...openingStatements(agencyId, actor), statement, 'commit'].join('; ');
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
  work: (tx: ScopedTx, opened: Opened) => Promise<T>,
  actor: Extract<ActorKind, 'user' | 'client' | 'system' | 'hub_operator' | 'authenticator'> = 'user',
  options: UnitOptions = {},
): Promise<T> {
  if (!agencyId) throw new Error('withTenant needs an agency id');
  return unitOfWork(db, agencyId, actor, work, options);
}

/** Runs `work` in one transaction as the actor's role with no agency: tenant tables show nothing. */
export function withoutTenant<T>(
  db: Kysely<Database>,
  actor: Exclude<ActorKind, 'user' | 'client'>,
  work: (tx: ScopedTx, opened: Opened) => Promise<T>,
  options: UnitOptions & { snapshot?: boolean | string } = {},
): Promise<T> {
  // A snapshot (repeatable read) for work that must see one state of many rows, like verification;
  // given an exported snapshot's id, the very state another transaction sees, to share its work.
  const isolation = options.snapshot ? { snapshot: typeof options.snapshot === 'string' ? options.snapshot : undefined } : undefined;
  return unitOfWork(db, '', actor, work, { first: options.first, readOnly: options.readOnly, isolation });
}
