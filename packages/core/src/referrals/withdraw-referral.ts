import type { Context } from '../context';
import { changeReferral } from './change-referral';
import type { StepInput } from './transition-steps';

/** The sender withdraws an open referral, with a reason. */
export function withdrawReferral({ ctx, input }: { ctx: Context; input: StepInput<{ reason: string }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'withdraw',
    to: 'withdrawn',
    expectedVersion: input.expectedVersion,
    reason: input.reason,
    eventType: 'referral.withdrawn',
    set: async () => ({ closed_at: ctx.now() }),
  });
}
