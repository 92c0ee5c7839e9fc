import { PonteError } from '@ponte/contracts';
import { findAgenciesByIds } from '@ponte/db';
import type { Context } from '../context';
import { changeReferral } from './change-referral';
import { checkReferral, termsOf } from './referral-checks';
import type { StepInput } from './transition-steps';

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
      return { sent_at: ctx.now(), shared_categories: basis.shared };
    },
  });
}
