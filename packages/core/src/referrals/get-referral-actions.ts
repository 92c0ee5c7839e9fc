import type { Referral, ReferralStep, RuleCode } from '@ponte/contracts';
import { LIVE_REFERRAL_STATUSES, nextSteps, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { readReferral } from './get-referral';

export interface ReferralActions {
  referral: Referral;
  /** The steps the referral's status allows next that the policy lets the caller take now. */
  allowedActions: ReferralStep[];
  /** The steps the status allows that the policy refuses the caller, with the rule a request would be refused by. */
  refusedActions: Array<{ action: ReferralStep; rule: RuleCode }>;
  /** Whether the caller may record, from the printed receipt, the person's withdrawal of the consent this received referral rests on (while it is open). */
  mayRecordWithdrawal: boolean;
}

/**
 * A referral as {@link getReferral} gives it, with what the caller may do to it next, asked of the
 * policy on the same record the step's verb checks (so a page offers exactly what the API allows).
 */
export async function getReferralActions({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<ReferralActions> {
  return withAudit(ctx, async (tx, log) => {
    const { referral, loaded, ability } = await readReferral(tx, ctx, log, input.id);
    const tagged = tag('Referral', loaded.record);
    const next = nextSteps(referral.status);
    return {
      referral,
      allowedActions: next.filter((step) => ability.can(step, tagged)),
      refusedActions: next.filter((step) => !ability.can(step, tagged)).map((action) => ({ action, rule: `referral.${action}_not_allowed` as const })),
      mayRecordWithdrawal: loaded.side === 'receiver' && isLiveReferral(referral.status) && ability.can('record_withdrawal', tagged),
    };
  });
}

const isLiveReferral = (status: string) => (LIVE_REFERRAL_STATUSES as readonly string[]).includes(status);
