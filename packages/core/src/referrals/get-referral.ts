import type { Referral } from '@ponte/contracts';
import type { Context } from '../context';
import { withAudit } from '../audit/access-log';
import { caseAbility } from '../subjects/subject-access';
import { loadReferral, referralAccess, viewKind, viewReferral } from './referral-access';

/** A referral as the caller's side sees it: the sender's view, the triage view, the receiver's, or metadata after closure. */
export async function getReferral({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<Referral> {
  return withAudit(ctx, async (tx, log) => {
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    const loaded = await loadReferral(tx, ctx, ability, log, input.id, 'read');
    const { row, side } = loaded;
    const { detail } = await referralAccess(tx, ctx, ability, loaded);
    const view = viewKind(side, row.status, detail);
    log.allow({ resource: 'Referral', resourceId: row.id, action: 'read', subjectId: row.subject_id, owningAgencyId: row.agency_id, fields: [view], rule: `referral.view.${view}` });
    return viewReferral(tx, row, side, detail);
  });
}
