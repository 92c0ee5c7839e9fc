import { fieldError, PonteError, type ReceiptWithdrawal, type WithdrawFromReceipt } from '@ponte/contracts';
import { findAgenciesByIds, findLatestConsentVersion, insertEventsAtCommit, lockReferralsForWithdrawal, referralsHeldUnderConsent, referralsReachedByWithdrawal } from '@ponte/db';
import { grantingRule, LIVE_REFERRAL_STATUSES, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { iso } from '../util';
import { referralRecord } from '../referrals/referral-access';
import { readReceiptRecord } from './receipt';
import { alreadyWithdrawn, recordWithdrawal } from './record-withdrawal';
import { withdrawConsent } from './withdraw-consent';

/**
 * Records the person's withdrawal of a consent from the printed receipt's QR code (the hub-signed
 * receipt reference, or the full receipt), on the spot, at any agency holding an open referral
 * under that consent (sent, accepted or in progress; received directly or onward down a chain it
 * began). The withdrawal is the owning agency's (it is written in its records, by the same steps as
 * its own: `recordWithdrawal`), says who recorded it and from which agency, takes effect at once,
 * reaches every open referral under the consent (purge requested from both sides of each) and is
 * announced to the owner (`consent.withdrawn`, ids only). One access event, in the recording
 * agency's log, names the owner, so both agencies' privacy officers see it.
 *
 * Who: a person of the receiving agency who works one of those referrals (its focal point and
 * supervisors, its assigned caseworker). Refused, with nothing written: a receipt the hub did not
 * sign or that was altered (422, rule `receipt.<why>`); an agency holding no open referral under
 * the consent, or a person who may not see any of them (404); a person who may see one but not work
 * it (403 `role.cannot_record_withdrawal`); a consent already withdrawn (409). A receipt of an
 * earlier version is taken: the withdrawal ends the consent, every version at once. The owning
 * agency's own people are sent through its own withdrawal (`withdrawConsent`), with its checks.
 */
export async function withdrawConsentFromReceipt({ ctx, input }: { ctx: Context; input: WithdrawFromReceipt }): Promise<ReceiptWithdrawal> {
  const { receipt, ...withdrawal } = input;
  const record = await readReceiptRecord(ctx, receipt);
  const agencyId = ctx.principal.agencyId;
  if (!('rejected' in record) && agencyId && record.agencyId === agencyId) {
    const { consent } = await withdrawConsent({ ctx, input: { consentId: record.recordId, withdrawal } });
    return {
      consentId: consent.id,
      version: consent.version,
      owningAgency: ctx.principal.agencySlug!,
      recordedByAgency: ctx.principal.agencySlug!,
      status: 'withdrawn',
      withdrawnAt: consent.withdrawal!.withdrawnAt,
      referralIds: [],
    };
  }
  return withAudit(ctx, async (tx, log) => {
    if ('rejected' in record)
      throw log.refuse(
        { resource: 'Consent', action: 'record_withdrawal' },
        new PonteError(
          'check_failed',
          { en: 'This is not a consent receipt the hub signed', pt: 'Isto não é um recibo de consentimento assinado pelo hub' },
          [fieldError('body', ['receipt'], record.rejected, { en: 'the receipt does not verify with the hub’s keys', pt: 'o recibo não é verificado com as chaves do hub' })],
          { rule: `receipt.${record.rejected}` },
        ),
      );
    const owner = record.agencyId;
    const consentId = record.recordId;
    const base = { resource: 'Consent' as const, resourceId: consentId, action: 'record_withdrawal', owningAgencyId: owner };
    const notHeld = (rule: 'consent.withdrawal_not_held' | 'need_to_know') =>
      log.refuse(base, new PonteError('not_found', { en: 'Your agency holds no open referral under this consent', pt: 'A sua agência não tem nenhum encaminhamento aberto ao abrigo deste consentimento' }, undefined, { rule }));
    // The referrals the agency holds under it (row-level security shows only its own).
    const held = await referralsHeldUnderConsent(tx, agencyId!, owner, consentId, LIVE_REFERRAL_STATUSES);
    if (held.length === 0) throw notHeld('consent.withdrawal_not_held');
    const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
    // A received referral's record needs no sender-side facts (its subject's caseworker is the sender's).
    const records = held.map((row) => ({ row, record: referralRecord(row, undefined) }));
    const seen = records.filter(({ record }) => ability.can('read', tag('Referral', record)));
    if (seen.length === 0) throw notHeld('need_to_know');
    const working = seen.find(({ record }) => ability.can('record_withdrawal', tag('Referral', record)));
    const subjectId = held[0]!.subject_id;
    if (!working)
      throw log.refuse(
        { ...base, subjectId },
        new PonteError('forbidden', { en: 'Only the people who work the referral may record a withdrawal', pt: 'Só as pessoas que trabalham o encaminhamento podem registar uma retirada' }, undefined, {
          rule: 'role.cannot_record_withdrawal',
        }),
      );
    // Every open referral under it is locked first, in the order the owner's withdrawal locks them;
    // the consent is read after, so a withdrawal committed meanwhile is seen (409), never raced.
    await lockReferralsForWithdrawal(tx, owner, consentId);
    const latest = await findLatestConsentVersion(tx, owner, consentId);
    if (!latest) throw notHeld('consent.withdrawal_not_held');
    const logged = { ...base, subjectId, fields: latest.consent.categories, legalBasis: latest.consent.legal_basis };
    if (latest.withdrawal) throw log.refuse(logged, alreadyWithdrawn());
    const now = ctx.now();
    await recordWithdrawal(tx, latest.consent, { withdrawal, withdrawnBy: ctx.principal.id, now, recordedByAgencyId: agencyId! }, () =>
      referralsReachedByWithdrawal(tx, owner, consentId),
    );
    const agencies = await findAgenciesByIds(tx, [owner, agencyId!]);
    const slugOf = (id: string) => agencies.find((a) => a.id === id)!.slug;
    const ownerSlug = slugOf(owner);
    const ownSlug = slugOf(agencyId!);
    // Routed to the owning agency: told at once, with ids only; the withdrawal itself is in its records.
    insertEventsAtCommit(tx, [
      { agency_id: owner, type: 'consent.withdrawn', referral_id: working.row.id, payload: { consentId, referralId: working.row.id, recordedByAgency: ownSlug }, created_at: now },
    ]);
    log.allow({ ...logged, rule: grantingRule(ability, 'record_withdrawal', 'Referral', working.record) ?? 'consent.withdrawal_by_recipient' });
    ctx.logger.info({ event: 'consent.withdrawn', consentId, recordedBy: 'recipient' }, 'consent withdrawn from its receipt by an agency holding a referral under it');
    return {
      consentId,
      version: latest.consent.version,
      owningAgency: ownerSlug,
      recordedByAgency: ownSlug,
      status: 'withdrawn',
      withdrawnAt: iso(now),
      referralIds: held.map((r) => r.id),
    };
  });
}
