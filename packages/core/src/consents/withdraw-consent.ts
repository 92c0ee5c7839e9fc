import { consentNotFound } from './consent-view';
import { PonteError, type WithdrawConsent } from '@ponte/contracts';
import { insertEventsAtCommit, insertWithdrawal, isUniqueViolation, lockSubject, onwardReferralsOnRootConsent, referralsOnConsent } from '@ponte/db';
import { grantingRule, LIVE_REFERRAL_STATUSES, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { consentCaseOf, consentRecordOf, loadConsent, toConsent } from './consent-view';
import { signReceipt } from './receipt';

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
    try {
      await insertWithdrawal(tx, {
        agency_id: consent.latest.agency_id,
        consent_id: input.consentId,
        requested_by: input.withdrawal.requestedBy,
        method: input.withdrawal.method,
        reason: input.withdrawal.reason,
        withdrawn_by: ctx.principal.id,
        withdrawn_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyWithdrawn();
      throw error;
    }
    log.allow({ ...base, fields: consent.latest.categories, legalBasis: consent.latest.legal_basis, rule: grantingRule(ability, 'withdraw', 'Consent', consentRecordOf(consent.latest, caseOf, consent.latest.granted_by)) ?? 'consent.withdraw' });
    // Open referrals built on it stop exposing data at once (reads check the consent); each recipient is told to purge.
    insertEventsAtCommit(
      tx,
      referrals.flatMap((referral) => {
        const payload = { referralId: referral.id, reason: 'consent_withdrawn', categories: referral.shared_categories, status: referral.status };
        return [
          { agency_id: referral.recipient_agency_id, type: 'referral.purge_requested', referral_id: referral.id, payload, created_at: now },
          { agency_id: referral.agency_id, type: 'referral.purge_requested', referral_id: referral.id, payload, created_at: now },
        ];
      }),
    );
    ctx.logger.info({ event: 'consent.withdrawn', consentId: input.consentId }, 'consent withdrawn');
    const withdrawn = await loadConsent(tx, log, ctx.principal.agencyId!, input.consentId, 'withdraw');
    return { consent: toConsent(withdrawn, now), receipt: await signReceipt(ctx, withdrawn, 'withdrawn') };
  });
}

const alreadyWithdrawn = () =>
  new PonteError('conflict', { en: 'This consent is already withdrawn', pt: 'Este consentimento já foi retirado' }, undefined, { rule: 'consent.already_withdrawn' });
