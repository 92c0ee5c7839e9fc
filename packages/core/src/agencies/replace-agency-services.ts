import type { Agency, AgencyService } from '@ponte/contracts';
import { replaceServices } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { requireAgency, viewAgencies } from './agency-view';

/** The hub operator sets the services an agency offers, by province, replacing the previous list. */
export async function replaceAgencyServices({
  ctx,
  input,
}: {
  ctx: Context;
  input: { slug: string; services: AgencyService[] };
}): Promise<Agency> {
  return inPrincipalScope(ctx, async (tx) => {
    const row = await requireAgency(tx, input.slug);
    ensureCan(ctx.ability, 'update', 'AgencyServices', { agencyId: row.id });
    await replaceServices(tx, row.id, input.services);
    const [agency] = await viewAgencies(tx, [row]);
    return agency!;
  });
}
