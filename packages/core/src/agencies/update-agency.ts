import type { Agency, UpdateAgency } from '@ponte/contracts';
import { updateAgency as updateAgencyRow } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { requireAgency, viewAgencies } from './agency-view';

/** The hub operator renames or suspends an agency, or sets its legal minimum retention. */
export async function updateAgency({ ctx, input }: { ctx: Context; input: { slug: string; changes: UpdateAgency } }): Promise<Agency> {
  return inPrincipalScope(ctx, async (tx) => {
    const row = await requireAgency(tx, input.slug);
    ensureCan(ctx.ability, 'update', 'Agency', { id: row.id });
    const { name, status, secondFactorRoles, retentionMinimumDays } = input.changes;
    const updated = await updateAgencyRow(tx, row.id, {
      ...(name ? { name_en: name.en, name_pt: name.pt } : {}),
      ...(status ? { status } : {}),
      ...(secondFactorRoles ? { second_factor_roles: secondFactorRoles } : {}),
      ...(retentionMinimumDays !== undefined ? { retention_minimum_days: retentionMinimumDays } : {}),
    });
    const [agency] = await viewAgencies(tx, [updated!]);
    return agency!;
  });
}
