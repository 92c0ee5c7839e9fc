import type { ReferralStatus } from '@ponte/contracts';
import { countSentReferrals as countMatching, sentReferralFilter } from '@ponte/db';
import { rulesFilter } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';

/**
 * How many referrals the principal's agency sent in these statuses that the principal may read
 * (as {@link listReferrals} lists the outbox), counted in SQL with the policy's rules, which
 * read the need-to-know of the subject each referral is about; `overdue` keeps those past a
 * deadline now. One access event for the count.
 */
export async function countSentReferrals({ ctx, input }: { ctx: Context; input: { statuses: readonly ReferralStatus[]; overdue?: boolean | undefined } }): Promise<number> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const filter = sentReferralFilter(rulesFilter(ability, 'read', 'Referral'));
    const count = await countMatching(tx, { agencyId: ctx.principal.agencyId!, filter, statuses: input.statuses, overdueAt: input.overdue ? ctx.now() : undefined });
    log.allow({ resource: 'Referral', action: 'count', fields: ['outbox'], rule: 'count.referrals' });
    return count;
  });
}
