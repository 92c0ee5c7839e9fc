import type { Context } from '../context';
import { changeReferral } from './change-referral';
import { REFERRAL_STEPS, type StepInput } from './transition-steps';

/** The sender withdraws an open referral, with a reason. */
export function withdrawReferral({ ctx, input }: { ctx: Context; input: StepInput<{ reason: string }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'withdraw',
    from: REFERRAL_STEPS.withdraw,
    to: 'withdrawn',
    expectedVersion: input.expectedVersion,
    reason: input.reason,
    eventType: 'referral.withdrawn',
    set: async () => ({ closed_at: ctx.now() }),
  });
}
