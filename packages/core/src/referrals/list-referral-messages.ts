import type { ReferralMessagePage } from '@ponte/contracts';
import { findAgenciesByIds, recordMessageReads, referralMessagePage } from '@ponte/db';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { decodeCursor, pageOf } from '../paging';
import { iso } from '../util';
import { loadConversation } from './referral-conversation';
import { viewReferralMessage } from './referral-message-view';
import { subjectOwnerOf } from './referral-checks';

/**
 * A page of a referral's conversation, oldest first, for its people (the same who may write; the
 * conversation stays readable to them after the referral closes). Reading is the read receipt:
 * the messages of the other side on the page are recorded as read by the principal (once each,
 * the first time kept), in the same unit of work as the access event of the read, so a receipt
 * never says more than the log.
 */
export async function listReferralMessages({ ctx, input }: { ctx: Context; input: { id: string; limit: number; cursor?: string | undefined } }): Promise<ReferralMessagePage> {
  const position = decodeCursor(input.cursor, ['createdAt', 'id'] as const);
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const { row } = await loadConversation(tx, ctx, ability, log, input.id);
    const rows = await referralMessagePage(tx, { agencyId: row.agency_id, id: row.id }, { limit: input.limit, after: position });
    const agencyId = ctx.principal.agencyId!;
    const unread = rows.filter((m) => m.author_agency_id !== agencyId).map((m) => m.id);
    await recordMessageReads(tx, { agencyId: row.agency_id, recipientAgencyId: row.recipient_agency_id, readerAgencyId: agencyId, readerId: ctx.principal.id, messageIds: unread, at: ctx.now() });
    log.allow({ resource: 'Referral', resourceId: row.id, action: 'read', subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row), fields: ['messages'], rule: 'referral.conversation' });
    const agencies = await findAgenciesByIds(tx, [row.agency_id, row.recipient_agency_id]);
    const slug = (id: string) => agencies.find((a) => a.id === id)!.slug;
    return pageOf(rows, input.limit, (m) => viewReferralMessage(m, slug(m.author_agency_id)), (m) => ({ createdAt: iso(m.created_at), id: m.id }));
  });
}
