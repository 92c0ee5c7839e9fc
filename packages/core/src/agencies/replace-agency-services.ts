import type { Agency, AgencyService } from '@ponte/contracts';
import { replaceServices, withoutTenant } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { requireAgency, viewAgencies } from './agency-view';

/** The hub operator sets the services an agency offers, by province, replacing the previous list. */
export async function replaceAgencyServices({
  ctx,
  input,
}: {
  ctx: Context;
  input: { slug: string; services: AgencyService[] };
}): Promise<Agency> {
  return withoutTenant(ctx.db, 'hub_operator', async (tx) => {
    const row = await requireAgency(tx, input.slug);
    ensureCan(ctx.ability, 'update', 'AgencyServices', { agencyId: row.id });
    await replaceServices(tx, row.id, input.services);
    const [agency] = await viewAgencies(tx, [row]);
    return agency!;
  });
}
