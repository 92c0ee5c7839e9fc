import { PonteError } from '@ponte/contracts';
import { findAgenciesByIds } from '@ponte/db';
import type { Context } from '../context';
import { changeReferral } from './change-referral';
import { checkReferral, termsOf } from './referral-checks';
import type { StepInput } from './transition-steps';
import { respondByOf } from './referral-deadlines';

/** The sender sends a draft, once every check of a referral passes now. */
export function sendDraftReferral({ ctx, input }: { ctx: Context; input: StepInput }) {
  return changeReferral(ctx, {
    id: input.id,
    action: 'send',
    to: 'sent',
    expectedVersion: input.expectedVersion,
    eventType: 'referral.sent',
    set: async (loaded, tx) => {
      const recipient = (await findAgenciesByIds(tx, [loaded.row.recipient_agency_id]))[0]!;
      const basis = await checkReferral(tx, termsOf(loaded.row, recipient.slug), ctx.now());
      if (basis.failed.length > 0) throw new PonteError('check_failed', { en: 'The referral cannot be sent', pt: 'O encaminhamento não pode ser enviado' }, basis.failed);
      const sentAt = ctx.now();
      // The response deadline is fixed when it is sent, under the agreement that lets it go.
      return { sent_at: sentAt, shared_categories: basis.shared, respond_by: respondByOf(sentAt, loaded.row.urgency, basis.agreement) };
    },
  });
}
