import type { Agency, ProvinceCode, ServiceCode } from '@ponte/contracts';
import { findProviders as selectProviders, withoutTenant } from '@ponte/db';
import type { Context } from '../context';
import { viewAgencies } from './agency-view';

/** The service directory (open to every principal, like the catalogue): active agencies offering a service in a province, for routing a referral. */
export async function findProviders({
  ctx,
  input,
}: {
  ctx: Context;
  input: { service: ServiceCode; province: ProvinceCode };
}): Promise<Agency[]> {
  return withoutTenant(ctx.db, 'hub', async (tx) => {
    const rows = await selectProviders(tx, input.service, input.province);
    return viewAgencies(tx, rows);
  });
}
