import { calendarDate } from '@ponte/contracts';
import { countAgreementsInForce as countInForce } from '@ponte/db';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';

/**
 * How many agreements in force today the principal sees, counted in SQL: the hub operator, all of
 * them; an agency, those it is party to (row-level security holds it to that), as {@link listAgreements}.
 */
export async function countAgreementsInForce({ ctx }: { ctx: Context }): Promise<number> {
  const today = calendarDate(ctx.now());
  return inPrincipalScope(ctx, (tx) => countInForce(tx, { agencyId: ctx.principal.kind === 'hub_operator' ? undefined : ctx.principal.agencyId, today }));
}
