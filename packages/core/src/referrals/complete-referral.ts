import type { OutcomeCode } from '@ponte/contracts';
import type { Context } from '../context';
import { changeReferral } from './change-referral';
import type { StepInput } from './transition-steps';

/** The receiving agency completes the referral, with an outcome code and, where it has one, its text. */
export function completeReferral({ ctx, input }: { ctx: Context; input: StepInput<{ outcomeCode: OutcomeCode; outcome?: string | undefined }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'complete',
    to: 'completed',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.completed',
    // The event carries the code only: the free text may say things about the person.
    eventData: { outcomeCode: input.outcomeCode },
    set: async () => ({ outcome_code: input.outcomeCode, outcome: input.outcome ?? null, completed_at: ctx.now(), closed_at: ctx.now() }),
  });
}
