import type { ReferralStatus } from '@ponte/contracts';
import { countReceivedReferrals as countMatching, receivedReferralFilter } from '@ponte/db';
import { rulesFilter } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';

/**
 * How many referrals the principal's agency received in these statuses that the principal may
 * read (as {@link listReferrals} lists the inbox), counted in SQL with the policy's rules;
 * `assignee: 'me'` keeps those assigned to the principal; `overdue` those past a deadline now. One access event for the count.
 */
export async function countReceivedReferrals({ ctx, input }: { ctx: Context; input: { statuses: readonly ReferralStatus[]; assignee?: 'me' | undefined; overdue?: boolean | undefined } }): Promise<number> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const count = await countMatching(tx, {
      agencyId: ctx.principal.agencyId!,
      filter: receivedReferralFilter(rulesFilter(ability, 'read', 'Referral')),
      statuses: input.statuses,
      assigneeId: input.assignee === 'me' ? ctx.principal.id : undefined,
      overdueAt: input.overdue ? ctx.now() : undefined,
    });
    log.allow({ resource: 'Referral', action: 'count', fields: ['inbox'], rule: 'count.referrals' });
    return count;
  });
}
