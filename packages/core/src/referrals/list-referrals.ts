import type { ReferralStatus } from '@ponte/contracts';
import { findSubject, listReferrals as selectReferrals } from '@ponte/db';
import { tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { decodeCursor, pageOf } from '../util';
import { referralAccess, referralRecord, viewReferrals } from './referral-access';

/**
 * The agency's inbox (received) or outbox (sent), newest first, each as the caller may see it;
 * `assignee: 'me'` keeps the received referrals assigned to the caller.
 */
export async function listReferrals({
  ctx,
  input,
}: {
  ctx: Context;
  input: { box: 'inbox' | 'outbox'; status?: ReferralStatus | undefined; assignee?: 'me' | undefined; limit: number; cursor?: string | undefined };
}) {
  const after = decodeCursor(input.cursor, ['createdAt', 'id'] as const);
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const agencyId = ctx.principal.agencyId!;
    const assigneeId = input.assignee === 'me' ? ctx.principal.id : undefined;
    const rows = await selectReferrals(tx, { box: input.box, agencyId, status: input.status, assigneeId, limit: input.limit, after });
    const side: 'sender' | 'receiver' = input.box === 'inbox' ? 'receiver' : 'sender';
    const readable = [];
    for (const row of rows) {
      const subject = side === 'sender' ? await findSubject(tx, row.subject_id) : undefined;
      const record = referralRecord(row, subject);
      if (!ability.can('read', tag('Referral', record))) continue;
      const { detail } = await referralAccess(tx, ctx, ability, { row, record, side });
      readable.push({ row, side, detail });
    }
    const visible = await viewReferrals(tx, readable);
    log.allow({ resource: 'Referral', action: 'list', fields: [input.box], rule: 'list.referrals' });
    const page = pageOf(rows, input.limit, (r) => r, (r) => ({ createdAt: r.created_at.toISOString(), id: r.id }));
    return { items: visible, nextCursor: page.nextCursor };
  });
}
