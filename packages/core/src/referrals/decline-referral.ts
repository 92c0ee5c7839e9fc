import type { DeclineReasonCode } from '@ponte/contracts';
import type { Context } from '../context';
import { changeReferral } from './change-referral';
import type { StepInput } from './transition-steps';

/** The receiving agency declines, with a reason code and, where it has one, its text. */
export function declineReferral({ ctx, input }: { ctx: Context; input: StepInput<{ reasonCode: DeclineReasonCode; reason?: string | undefined }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'decline',
    to: 'declined',
    expectedVersion: input.expectedVersion,
    reason: input.reason ?? null,
    eventType: 'referral.declined',
    // The event carries the code only: the free text may say things about the person.
    eventData: { reasonCode: input.reasonCode },
    set: async () => ({ reason_code: input.reasonCode, closed_at: ctx.now() }),
  });
}
