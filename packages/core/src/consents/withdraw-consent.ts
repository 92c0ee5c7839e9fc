import { consentNotFound } from './consent-view';
import { PonteError, type WithdrawConsent } from '@ponte/contracts';
import { lockSubject, onwardReferralsOnRootConsent, referralsOnConsent } from '@ponte/db';
import { grantingRule, LIVE_REFERRAL_STATUSES, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { consentCaseOf, consentRecordOf, loadConsent, toConsent } from './consent-view';
import { signReceipt } from './receipt';
import { alreadyWithdrawn, recordWithdrawal } from './record-withdrawal';

/**
 * Withdraws a consent: who asked, how, why, when. It takes effect at once: the subject's row
 * is locked against reads while the withdrawal commits, and every read after it is refused.
 */
export async function withdrawConsent({ ctx, input }: { ctx: Context; input: { consentId: string; withdrawal: WithdrawConsent } }) {
  return withAudit(ctx, async (tx, log) => {
    const found = await loadConsent(tx, log, ctx.principal.agencyId!, input.consentId, 'withdraw');
    await lockSubject(tx, found.subject.id, 'update');
    const consent = await loadConsent(tx, log, ctx.principal.agencyId!, input.consentId, 'withdraw');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Consent' as const, resourceId: input.consentId, subjectId: consent.subject.id, owningAgencyId: consent.subject.agency_id, action: 'withdraw' };
    // A consent recorded for an onward referral is worked by whoever works the referral it was recorded through.
    const caseOf = await consentCaseOf(tx, consent);
    const record = tag('Consent', consentRecordOf(consent.latest, caseOf, consent.latest.granted_by));
    if (!ability.can('read', record)) throw log.refuse(base, consentNotFound('need_to_know'));
    if (!ability.can('withdraw', record))
      throw log.refuse(
        base,
        new PonteError('forbidden', { en: "Only the subject's caseworkers may record a withdrawal", pt: 'Só os técnicos do titular podem registar uma retirada' }, undefined, {
          rule: 'role.cannot_withdraw',
        }),
      );
    if (consent.withdrawal) throw alreadyWithdrawn();
    const now = ctx.now();
    // Open referrals on it are held until this commits; receivers' reads wait, then are refused.
    const onConsent = await referralsOnConsent(tx, input.consentId, LIVE_REFERRAL_STATUSES);
    // Down every chain begun under it, onward referrals stop too (their reads check the root consent).
    const onward = await onwardReferralsOnRootConsent(tx, consent.latest.agency_id, input.consentId, LIVE_REFERRAL_STATUSES);
    const referrals = [...onConsent, ...onward.filter((o) => !onConsent.some((r) => r.id === o.id))];
    await recordWithdrawal(tx, consent.latest, { withdrawal: input.withdrawal, withdrawnBy: ctx.principal.id, now }, async () => referrals);
    log.allow({ ...base, fields: consent.latest.categories, legalBasis: consent.latest.legal_basis, rule: grantingRule(ability, 'withdraw', 'Consent', consentRecordOf(consent.latest, caseOf, consent.latest.granted_by)) ?? 'consent.withdraw' });
    ctx.logger.info({ event: 'consent.withdrawn', consentId: input.consentId }, 'consent withdrawn');
    const withdrawn = await loadConsent(tx, log, ctx.principal.agencyId!, input.consentId, 'withdraw');
    return { consent: toConsent(withdrawn, now), receipt: await signReceipt(ctx, withdrawn, 'withdrawn') };
  });
}
