import { readMayBeStale, settleAccountCheck, withoutTenant, withTenant, type Opened, type ReadTarget, type ScopedTx, type UnitOptions } from '@ponte/db';
import type { Compilable } from 'kysely';
import type { Context } from './context';
import { idempotencyFacts, idempotencyFactsOf, storeRefusal, withClaimedKey } from './idempotency';

/**
 * One unit of work acting for the request's principal: in its agency, or for the hub operator in
 * the hub-wide scope (or, creating an agency, in the new agency's). Every unit of work a verb opens
 * for a principal goes through here, so the request's `Idempotency-Key` is claimed by the first.
 */
export function inPrincipalScope<T>(
  ctx: Context,
  work: (tx: ScopedTx, opened: Opened) => Promise<T>,
  options: { operatorAgencyId?: string; on?: ReadTarget } & UnitOptions = {},
): Promise<T> {
  const { principal } = ctx;
  // On the read replica (`readingMayBeStale`), a READ ONLY unit there; a request with a key never reads there.
  const db = options.on?.db ?? ctx.db;
  const readOnly = options.on?.replica ?? false;
  // The request's key, if this unit claims it, is taken and its stored answer read as the unit opens.
  const key = readOnly ? undefined : idempotencyFacts(ctx);
  const own = options.first ?? [];
  const claimed = key
    ? (tx: ScopedTx, opened: Opened) => withClaimedKey(ctx, tx, key.request, idempotencyFactsOf(opened.slice(own.length)), () => work(tx, opened.slice(0, own.length)))
    : work;
  const unit = { first: key ? [...own, ...key.first] : own, readOnly };
  const open = <R>(inUnit: (tx: ScopedTx, opened: Opened) => Promise<R>, of: UnitOptions): Promise<R> => {
    if (principal.kind === 'hub_operator')
      return options.operatorAgencyId ? withTenant(db, options.operatorAgencyId, inUnit, 'hub_operator', of) : withoutTenant(db, 'hub_operator', inUnit, of);
    return withTenant(db, principal.agencyId!, inUnit, principal.kind === 'client' ? 'client' : 'user', of);
  };
  if (!key) return open(claimed, unit);
  // A refusal the work gave is stored once its unit has rolled back: it writes nothing else.
  return open(claimed, unit).catch(async (error: unknown) => {
    if (key.request.refusal !== undefined && key.request.refusal === error) {
      // Unstored, the refusal is still the answer; a retry then asks again.
      await open((tx) => storeRefusal(ctx, tx, key.request), {}).catch((storing: unknown) => ctx.logger.warn({ err: storing }, 'storing a refusal under its Idempotency-Key failed'));
    }
    throw error;
  });
}

/**
 * For a verb whose reads may be stale by a few seconds (the log search, the figures, the
 * directory): `read` runs on the read replica when there is one and it is current enough
 * (`PONTE_READ_MAX_STALENESS_SECONDS`), else on the primary, and again on the primary if the
 * replica fails it. On the replica, `read` opens READ ONLY units there (`target.db`); what it must
 * write goes to the primary (`withAudit` writes its access events there). A request that claims an
 * `Idempotency-Key` stores its answer, so it stays on the primary.
 */
export function readingMayBeStale<T>(ctx: Context, read: (target: ReadTarget) => Promise<T>): Promise<T> {
  return readMayBeStale(ctx.db, ctx.idempotency ? undefined : ctx.replica, read);
}

/**
 * For a verb that decides on the principal's roles before it opens a unit of work (to spare a slow
 * hash to a caller who may not): the account behind the token, checked now if no unit has checked it.
 */
export function accountChecked(ctx: Context): Promise<void> {
  return settleAccountCheck(ctx.db);
}

/** Statements that read the facts a verb decides on, by name. */
export type FactStatements = Record<string, (tx: ScopedTx) => Compilable<unknown>>;
/** The rows each fact statement read. */
export type FactRows<F extends FactStatements> = { [K in keyof F]: F[K] extends (tx: ScopedTx) => Compilable<infer R> ? R[] : never };

/**
 * Facts read as a verb's unit of work opens, in its first round trip (`first`), and back by name:
 * a verb names what its decision needs, reads it all at once, then decides in memory.
 */
export function factsToRead<F extends FactStatements>(facts: F): { first: Array<(tx: ScopedTx) => Compilable<unknown>>; of: (opened: Opened) => FactRows<F> } {
  const names = Object.keys(facts);
  return {
    first: names.map((name) => facts[name]!),
    of: (opened) => Object.fromEntries(names.map((name, i) => [name, opened[i] ?? []])) as FactRows<F>,
  };
}
