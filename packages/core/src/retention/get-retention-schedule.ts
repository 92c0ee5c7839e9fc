import type { RetentionSchedule } from '@ponte/contracts';
import { findAgenciesByIds, findRetentionSchedule } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { inPrincipalScope } from '../scope';
import { toRetentionSchedule } from './retention-view';

/**
 * The agency's retention schedule, with the legal minimum the hub operator set for it: for its
 * privacy officer and administrator (anyone else of the agency: 403 `Retention.list`). It holds no
 * personal data, so reading it is no access event.
 */
export async function getRetentionSchedule({ ctx }: { ctx: Context; input?: undefined }): Promise<RetentionSchedule> {
  return inPrincipalScope(ctx, async (tx) => {
    const agencyId = ctx.principal.agencyId;
    ensureCanList(ctx.ability, 'Retention', { agencyId: agencyId ?? '' });
    const [agency] = await findAgenciesByIds(tx, [agencyId!]);
    return toRetentionSchedule(await findRetentionSchedule(tx, agencyId!), agency!.retention_minimum_days);
  });
}
