import type { Agency } from '@ponte/contracts';
import { withoutTenant } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { requireAgency, viewAgencies } from './agency-view';

export async function getAgency({ ctx, input }: { ctx: Context; input: { slug: string } }): Promise<Agency> {
  return withoutTenant(ctx.db, 'hub', async (tx) => {
    const row = await requireAgency(tx, input.slug);
    ensureCan(ctx.ability, 'read', 'Agency', { id: row.id });
    const [agency] = await viewAgencies(tx, [row]);
    return agency!;
  });
}
