import { countActiveUsers as countActive } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { inOwnAgency } from './agency-scope';

/** How many of the agency's users are active, counted in SQL: for its administrators, as {@link listUsers} is. */
export async function countActiveUsers({ ctx }: { ctx: Context }): Promise<number> {
  return inOwnAgency(ctx, async (tx, agency) => {
    ensureCanList(ctx.ability, 'User', { agencyId: agency.id, id: '' });
    return countActive(tx);
  });
}
