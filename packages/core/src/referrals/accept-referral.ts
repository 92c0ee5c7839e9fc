import { PonteError } from '@ponte/contracts';
import type { Context } from '../context';
import { changeReferral } from './change-referral';
import { checkReferral, termsOf } from './referral-checks';
import { receivingCaseworker, type StepInput } from './transition-steps';

/** The receiving agency accepts (intake focal point or supervisor), optionally assigning a caseworker. */
export function acceptReferral({ ctx, input }: { ctx: Context; input: StepInput<{ assigneeId?: string | undefined }> }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'accept',
    to: 'accepted',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.accepted',
    set: async (loaded, tx) => {
      // The consent and the agreement must still hold when the case is taken on.
      const basis = await checkReferral(tx, termsOf(loaded.row), ctx.now(), { checkService: false });
      if (!basis.consentHolds || !basis.agreementInForce)
        throw new PonteError('check_failed', { en: 'The referral can no longer be accepted', pt: 'O encaminhamento já não pode ser aceite' }, basis.failed);
      const assignee = input.assigneeId ? await receivingCaseworker(tx, input.assigneeId) : undefined;
      return { accepted_at: ctx.now(), ...(assignee ? { recipient_assignee_id: assignee.id, recipient_team: assignee.team } : {}) };
    },
  });
}
