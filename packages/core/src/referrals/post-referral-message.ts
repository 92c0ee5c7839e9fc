import { PonteError, type ReferralMessage } from '@ponte/contracts';
import { findAgenciesByIds, findSubject, insertEventsAtCommit, insertReferralMessage } from '@ponte/db';
import { isConversationOpen, messageNeedsReview } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { loadConversation } from './referral-conversation';
import { checkReferral, subjectOwnerOf, termsOf } from './referral-checks';
import { mentionsIdentity } from './message-identity';
import { viewReferralMessage } from './referral-message-view';

/**
 * A message on a referral's conversation, from one of its people to the other agency's. Refused
 * (and nothing stored) when the principal may not know of the referral (404), is not one of its
 * people (403 `referral.converse_not_allowed`) or the referral is closed or not yet sent (409
 * `referral.conversation_closed`). A message from the sending side that names the subject or
 * gives their date of birth, when the receiving side is not shared `identity`, is kept and logged
 * under `referral.message_personal_data`, which raises a flag for the privacy officers; neither
 * the log, the flag nor the `referral.message` event holds the text.
 */
export async function postReferralMessage({ ctx, input }: { ctx: Context; input: { id: string; body: string } }): Promise<ReferralMessage> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const { row, side } = await loadConversation(tx, ctx, ability, log, input.id);
    const logged = { resource: 'Referral' as const, resourceId: row.id, action: 'converse', subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row), fields: ['message'] };
    if (!isConversationOpen(row.status))
      throw log.refuse(
        logged,
        new PonteError(
          'conflict',
          { en: `A referral that is ${row.status} takes no messages`, pt: `Um encaminhamento no estado ${row.status} não aceita mensagens` },
          undefined,
          { currentStatus: row.status, rule: 'referral.conversation_closed' },
        ),
      );
    let review = false;
    if (side === 'sender') {
      const subject = await findSubject(tx, row.subject_id);
      const basis = await checkReferral(tx, termsOf(row), ctx.now(), { checkService: false });
      review = messageNeedsReview(side, basis.shared, subject ? mentionsIdentity(input.body, subject.identity as Record<string, unknown>) : false);
    }
    const at = ctx.now();
    const message = await insertReferralMessage(tx, {
      agency_id: row.agency_id,
      referral_id: row.id,
      recipient_agency_id: row.recipient_agency_id,
      author_agency_id: ctx.principal.agencyId!,
      author_id: ctx.principal.id,
      body: input.body,
      personal_data_flagged: review,
      created_at: at,
    });
    log.allow({ ...logged, rule: review ? 'referral.message_personal_data' : 'referral.conversation' });
    // The author's slug is known from the token when it carries one; else asked once.
    const authorSlug = ctx.principal.agencySlug ?? (await findAgenciesByIds(tx, [ctx.principal.agencyId!]))[0]!.slug;
    // Ids only: the text stays in the conversation, read under the same rules.
    const data = { referralId: row.id, messageId: message.id, authorAgency: authorSlug };
    insertEventsAtCommit(tx, [
      { agency_id: row.agency_id, type: 'referral.message', referral_id: row.id, payload: data, created_at: at },
      { agency_id: row.recipient_agency_id, type: 'referral.message', referral_id: row.id, payload: data, created_at: at },
    ]);
    return viewReferralMessage({ ...message, read_by_other_side_at: null }, authorSlug);
  });
}
