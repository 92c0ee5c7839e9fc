import { PonteError, type PurgeRequest } from '@ponte/contracts';
import { purgeRequestsReceived } from '@ponte/db';
import { tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { slugsOf, toPurgeRequest } from '../subjects/tombstone-view';

/**
 * The purge requests the caller's agency was asked (as the recipient of referrals of subjects
 * since erased), newest first; `pending`: only those it has not attested. For those who may
 * attest them (its focal point, supervisors, privacy officer, its API clients).
 */
export async function listPurgeRequests({ ctx, input }: { ctx: Context; input: { pending?: boolean | undefined; limit?: number | undefined } }): Promise<{ items: PurgeRequest[] }> {
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const base = { resource: 'Referral' as const, action: 'list_purge_requests' };
    const anyReceived = { agencyId: '', recipientAgencyId: agencyId, status: 'withdrawn', assignedUserId: null, team: null, createdBy: '', recipientAssigneeId: null, recipientTeam: null };
    if (!ability.can('attest_purge', tag('Referral', anyReceived)))
      throw log.refuse(
        base,
        new PonteError('forbidden', { en: 'Only who may attest purges sees the purge requests', pt: 'Só quem pode atestar eliminações vê os pedidos de eliminação' }, undefined, { rule: 'Referral.attest_purge' }),
      );
    const rows = await purgeRequestsReceived(tx, agencyId, { pending: input.pending ?? false, limit: input.limit ?? 100 });
    log.allow({ ...base, rule: 'purge.attest' });
    const slugs = await slugsOf(tx, rows);
    const now = ctx.now();
    return { items: rows.map((r) => toPurgeRequest(r, slugs, now)) };
  });
}
