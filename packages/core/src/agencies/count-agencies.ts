import { countAgencies as countAll, withoutTenant } from '@ponte/db';
import type { Context } from '../context';

/** How many agencies the network has. Open to every principal, as {@link listAgencies} is. */
export async function countAgencies({ ctx }: { ctx: Context }): Promise<number> {
  return withoutTenant(ctx.db, 'hub', (tx) => countAll(tx));
}
