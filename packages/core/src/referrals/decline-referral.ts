import type { Context } from '../context';
import { changeReferral } from './change-referral';
import type { StepInput } from './transition-steps';

/** The receiving agency declines, with a reason. */
export function declineReferral({ ctx, input }: { ctx: Context; input: StepInput<{ reason: string }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'decline',
    to: 'declined',
    expectedVersion: input.expectedVersion,
    reason: input.reason,
    eventType: 'referral.declined',
    set: async () => ({ closed_at: ctx.now() }),
  });
}
