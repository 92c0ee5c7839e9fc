import type { Agency, ProvinceCode, ServiceCode } from '@ponte/contracts';
import { findProviders as selectProviders, withoutTenant } from '@ponte/db';
import type { Context } from '../context';
import { readingMayBeStale } from '../scope';
import { viewAgencies } from './agency-view';

/** The service directory (open to every principal, like the catalogue): active agencies offering a service in a province, for routing a referral. */
export async function findProviders({
  ctx,
  input,
}: {
  ctx: Context;
  input: { service: ServiceCode; province: ProvinceCode };
}): Promise<Agency[]> {
  // The directory changes as rarely as agencies' services do: a few seconds old (the read replica) is fine.
  return readingMayBeStale(ctx, (on) =>
    withoutTenant(
      on.db,
      'hub',
      async (tx) => {
        const rows = await selectProviders(tx, input.service, input.province);
        return viewAgencies(tx, rows);
      },
      { readOnly: on.replica },
    ),
  );
}
