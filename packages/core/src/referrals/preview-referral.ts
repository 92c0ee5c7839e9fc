import { fieldError, PonteError, type DataCategory, type FieldError, type Purpose, type ServiceCode } from '@ponte/contracts';
import { findAgencyBySlug } from '@ponte/db';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility, loadSubject } from '../subjects/subject-access';
import { checkReferral } from './referral-checks';
import { ensureMayRefer } from './referral-access';

export interface ReferralPreview {
  /** What would be shared: the categories asked for, cut to the consent and the agreement. */
  shared: DataCategory[];
  /** Each category asked for that would not be shared, and why. */
  excluded: Array<{ category: DataCategory; reasons: Array<'not_in_consent' | 'not_in_agreement' | 'consent_does_not_hold'> }>;
  /** The checks that would stop the referral now (the same `sendReferral` applies). */
  failed: FieldError[];
}

/**
 * What a referral would share if sent now, without sending it: the same checks `sendReferral`
 * makes, with the reason each left-out category is left out. Reads no personal data.
 */
export async function previewReferral({
  ctx,
  input,
}: {
  ctx: Context;
  input: { to: string; subjectId: string; consentId: string; service: ServiceCode; purpose: Purpose; categories: DataCategory[] };
}): Promise<ReferralPreview> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'refer', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const senderId = ctx.principal.agencyId!;
    ensureMayRefer(ability, log, subject, { resource: 'Referral', action: 'preview', subjectId: subject.row.id, owningAgencyId: senderId });
    const recipient = await findAgencyBySlug(tx, input.to);
    if (!recipient || recipient.status !== 'active' || recipient.id === senderId)
      throw new PonteError('invalid_request', { en: 'No such agency to refer to', pt: 'Não existe esta agência para encaminhar' }, [
        fieldError('body', ['to'], 'known_agency', { en: 'no other active agency with this slug', pt: 'nenhuma outra agência ativa com este identificador' }),
      ]);
    const basis = await checkReferral(
      tx,
      { senderId, recipientId: recipient.id, recipientSlug: input.to, subjectId: subject.row.id, consentId: input.consentId, service: input.service, purpose: input.purpose, categories: input.categories },
      ctx.now(),
    );
    const shared = basis.shared as DataCategory[];
    const excluded = input.categories
      .filter((category) => !shared.includes(category))
      .map((category) => {
        const reasons: ReferralPreview['excluded'][number]['reasons'] = [];
        if (basis.consent && !basis.consent.categories.includes(category)) reasons.push('not_in_consent');
        if (!basis.agreement?.categories.includes(category)) reasons.push('not_in_agreement');
        if (reasons.length === 0 && !basis.consentHolds) reasons.push('consent_does_not_hold');
        return { category, reasons };
      });
    return { shared, excluded, failed: basis.failed };
  });
}
