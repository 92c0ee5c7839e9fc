import type { Agency } from '@ponte/contracts';
import { listAgencies as selectAgencies, withoutTenant } from '@ponte/db';
import type { Context } from '../context';
import { decodeCursor, pageOf } from '../paging';
import { viewAgencies } from './agency-view';

/** The network's agencies and their services, by slug. Open to every principal. */
export async function listAgencies({ ctx, input }: { ctx: Context; input: { limit: number; cursor?: string | undefined } }) {
  const after = decodeCursor(input.cursor, ['slug'] as const);
  return withoutTenant(ctx.db, 'hub', async (tx) => {
    const rows = await selectAgencies(tx, { limit: input.limit, afterSlug: after?.slug });
    const agencies = await viewAgencies(tx, rows);
    return pageOf(agencies, input.limit, (a: Agency) => a, (a) => ({ slug: a.slug }));
  });
}
