import type { Referral } from '@ponte/contracts';
import type { Context } from '../context';
import type { AccessLog } from '@ponte/audit';
import { withAudit } from '../access-log/with-audit';
import type { ScopedTx } from '@ponte/db';
import { caseAbility } from '../subjects/subject-access';
import { viewKind, type AppAbility } from '@ponte/policy';
import { onwardReferralsFor } from './referral-chain';
import { subjectOwnerOf } from './referral-checks';
import { loadReferral, referralAccess, viewReferral, type LoadedReferral } from './referral-access';

/** A referral as the caller's side sees it: the sender's view, the triage view, the receiver's, or metadata after closure. */
export async function getReferral({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<Referral> {
  return withAudit(ctx, async (tx, log) => (await readReferral(tx, ctx, log, input.id)).referral);
}

/** Loads, checks and logs the read of a referral, for {@link getReferral} and the verbs that read one the same way. */
export async function readReferral(tx: ScopedTx, ctx: Context, log: AccessLog, id: string): Promise<{ referral: Referral; loaded: LoadedReferral; ability: AppAbility }> {
  const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
  const loaded = await loadReferral(tx, ctx, ability, log, id, 'read');
  const { row, side } = loaded;
  const { detail } = await referralAccess(tx, ctx, ability, loaded);
  const view = viewKind(side, row.status, detail);
  log.allow({ resource: 'Referral', resourceId: row.id, action: 'read', subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row), fields: [view], rule: `referral.view.${view}` });
  const onwardReferrals = await onwardReferralsFor(tx, ctx.principal.agencyId!, row, side);
  return { referral: { ...(await viewReferral(tx, row, side, detail, { now: ctx.now() })), onwardReferrals }, loaded, ability };
}
