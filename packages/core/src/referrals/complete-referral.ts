import type { Context } from '../context';
import { changeReferral } from './change-referral';
import type { StepInput } from './transition-steps';

/** The receiving agency completes the referral, with an outcome. */
export function completeReferral({ ctx, input }: { ctx: Context; input: StepInput<{ outcome: string }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'complete',
    to: 'completed',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.completed',
    set: async () => ({ outcome: input.outcome, completed_at: ctx.now(), closed_at: ctx.now() }),
  });
}
