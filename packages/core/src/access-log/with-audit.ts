import { withAccessLog, type AccessLog } from '@ponte/audit';
import { PonteError } from '@ponte/contracts';
import type { Opened, ScopedTx, UnitOptions } from '@ponte/db';
import type { Context } from '../context';
import { inPrincipalScope, readingMayBeStale } from '../scope';

/**
 * One unit of work on case data in the principal's agency, with its access log (appended by the
 * audit package). The hub operator has no agency and is refused before anything is read. The
 * facts the work decides on may be read as the unit opens (`first`), in its opening round trip.
 *
 * `mayBeStale`: the work only reads, and may read a state a few seconds old (the log search, the
 * figures): it runs on the read replica when there is one current enough (`readingMayBeStale`),
 * in a READ ONLY unit there, and its access events are written on the primary before it answers.
 */
export async function withAudit<T>(
  ctx: Context,
  work: (tx: ScopedTx, log: AccessLog, opened: Opened) => Promise<T>,
  { mayBeStale = false, ...options }: UnitOptions & { mayBeStale?: boolean } = {},
): Promise<T> {
  const { principal } = ctx;
  const agencyId = principal.agencyId;
  if (principal.kind === 'hub_operator' || !agencyId) {
    ctx.logger.warn({ event: 'access.denied', rule: 'hub_operator.no_case_data' }, 'case data refused to the hub operator');
    throw new PonteError('forbidden', { en: 'The hub operator has no access to case data', pt: 'O operador do hub não tem acesso a dados de casos' }, undefined, {
      rule: 'hub_operator.no_case_data',
    });
  }
  const actor = {
    agencyId,
    kind: principal.kind === 'client' || principal.kind === 'system' ? principal.kind : ('user' as const),
    id: principal.id,
    requestId: ctx.requestId,
    clientRequestId: ctx.clientRequestId ?? null,
    now: () => ctx.now(),
    agencyLabel: () => agencySlugOf(ctx),
  };
  if (!mayBeStale) return withAccessLog(ctx.db, actor, (unit) => inPrincipalScope(ctx, unit, options), work);
  return readingMayBeStale(ctx, (on) => withAccessLog(ctx.db, actor, (unit) => inPrincipalScope(ctx, unit, { ...options, on }), work, { readOnly: on.replica }));
}

/** The principal's agency slug once its account is checked (the events are written by then), for metrics. */
function agencySlugOf(ctx: Context): string | undefined {
  try {
    return ctx.principal.agencySlug ?? undefined;
  } catch {
    return undefined;
  }
}
