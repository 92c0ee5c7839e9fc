import type { Context } from '../context';
import { changeReferral } from './change-referral';
import { receivingCaseworker, type StepInput } from './transition-steps';

/** The receiving agency assigns an accepted referral to one of its caseworkers. */
export function assignReferral({ ctx, input }: { ctx: Context; input: StepInput<{ assigneeId: string; team?: string | undefined }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'assign',
    to: 'same',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.assigned',
    set: async (_loaded, tx) => {
      const assignee = await receivingCaseworker(tx, input.assigneeId);
      return { recipient_assignee_id: assignee.id, recipient_team: input.team ?? assignee.team };
    },
  });
}
