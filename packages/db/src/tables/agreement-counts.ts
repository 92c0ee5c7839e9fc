import { sql } from 'kysely';
import type { ScopedTx } from '../scope';

/**
 * How many agreements this scope sees (those one agency is party to, when named) that are in
 * force on `today`, a calendar date: active, and `today` within their validity dates.
 */
export async function countAgreementsInForce(tx: ScopedTx, filter: { agencyId?: string | undefined; today: string }): Promise<number> {
  let query = tx
    .selectFrom('agreements')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('status', '=', 'active')
    .where(sql<boolean>`${filter.today}::date between valid_from and valid_until`);
  if (filter.agencyId) {
    const agencyId = filter.agencyId;
    query = query.where((eb) => eb.or([eb('agency_id', '=', agencyId), eb('recipient_agency_id', '=', agencyId)]));
  }
  return (await query.executeTakeFirstOrThrow()).n;
}
