import { fieldError, PonteError, type Referral, type SendReferral } from '@ponte/contracts';
import { findAgencyBySlug, findReferralIn, insertReferral, isUniqueViolation, type SubjectRow } from '@ponte/db';
import { OPEN_REFERRAL_STATUSES } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { ageAt } from '../subjects/register-subject';
import { caseAbility, loadSubject } from '../subjects/subject-access';
import { checkReferral } from './referral-checks';
import { ensureMayRefer, recordTransition, viewReferral } from './referral-access';

/**
 * Sends (or drafts) a referral. It goes only where every check holds: the recipient offers the
 * service; an agreement from sender to recipient is in force and covers the purpose; the consent
 * is active, names the recipient and the purpose. What is shared is the sender's choice cut to
 * what the consent and the agreement allow; if nothing is left, nothing is sent.
 */
export async function sendReferral({ ctx, input }: { ctx: Context; input: SendReferral }): Promise<Referral> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'refer', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const senderId = ctx.principal.agencyId!;
    const base = { resource: 'Referral' as const, action: 'send', subjectId: subject.row.id, owningAgencyId: senderId, purpose: input.purpose };
    ensureMayRefer(ability, log, subject, base);

    const now = ctx.now();
    const recipient = await findAgencyBySlug(tx, input.to);
    if (!recipient || recipient.status !== 'active')
      throw new PonteError('invalid_request', { en: 'No such agency to refer to', pt: 'Não existe esta agência para encaminhar' }, [
        fieldError('body', ['to'], 'known_agency', { en: 'no active agency with this slug', pt: 'nenhuma agência ativa com este identificador' }),
      ]);
    if (recipient.id === senderId)
      throw new PonteError('invalid_request', { en: 'An agency cannot refer to itself', pt: 'Uma agência não pode encaminhar para si própria' }, [
        fieldError('body', ['to'], 'not_self', { en: 'must be another agency', pt: 'tem de ser outra agência' }),
      ]);

    const basis = await checkReferral(
      tx,
      { senderId, recipientId: recipient.id, recipientSlug: input.to, subjectId: subject.row.id, consentId: input.consentId, service: input.service, purpose: input.purpose, categories: input.categories },
      now,
    );
    const { failed, shared, consent } = basis;
    if (failed.length > 0) {
      log.deny({ ...base, fields: input.categories, rule: `referral.${failed[0]!.check}` });
      throw new PonteError('check_failed', { en: 'The referral cannot be sent', pt: 'O encaminhamento não pode ser enviado' }, failed);
    }

    const key = { subjectId: subject.row.id, service: input.service, recipientAgencyId: recipient.id };
    if (await findReferralIn(tx, key, OPEN_REFERRAL_STATUSES)) throw duplicate();
    const status = input.draft ? 'draft' : 'sent';
    let row;
    try {
      row = await insertReferral(tx, {
        agency_id: senderId,
        recipient_agency_id: recipient.id,
        subject_id: subject.row.id,
        consent_id: input.consentId,
        legal_basis: consent!.legal_basis,
        service: input.service,
        purpose: input.purpose,
        urgency: input.urgency,
        shared_categories: shared,
        note: input.note ?? null,
        due_date: input.dueDate ?? null,
        triage: JSON.stringify(triageOf(subject.row, now)),
        status,
        created_by: ctx.principal.id,
        created_at: now,
        updated_at: now,
        sent_at: status === 'sent' ? now : null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
    await recordTransition(tx, ctx, row, null, 'referral.sent', null);
    log.allow({ ...base, resourceId: row.id, fields: shared, legalBasis: row.legal_basis, rule: status === 'sent' ? 'referral.sent' : 'referral.drafted' });
    return viewReferral(tx, row, 'sender', true);
  });
}

const duplicate = () =>
  new PonteError('conflict', { en: 'An open referral for this subject, service and agency exists', pt: 'Já existe um encaminhamento aberto para este titular, serviço e agência' }, undefined, {
    rule: 'referral.duplicate_open',
  });

/** What the receiver's intake sees before it accepts: no identity. */
export function triageOf(subject: SubjectRow, now: Date) {
  const identity = subject.identity as { sex?: string; languages?: string[] };
  const location = subject.location as { current?: { province?: string } } | null;
  const age = subject.birth_date ? ageAt(subject.birth_date, now) : undefined;
  const ageBand =
    age === undefined ? 'unknown' : age < 5 ? '0-4' : age < 12 ? '5-11' : age < 18 ? '12-17' : age < 25 ? '18-24' : age < 60 ? '25-59' : '60+';
  return { ageBand, sex: identity.sex ?? 'unknown', province: location?.current?.province ?? null, languages: identity.languages ?? [] };
}
