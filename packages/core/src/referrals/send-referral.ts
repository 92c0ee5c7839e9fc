import { createHash } from 'node:crypto';
import { fieldError, PonteError, type FieldError, type Referral, type SendReferral } from '@ponte/contracts';
import {
  findAgencyBySlug,
  findIdempotentResponse,
  lockIdempotencyKey,
  saveIdempotentResponse,
  findAgreementsBetween,
  findConsentVersions,
  findOpenReferral,
  findWithdrawals,
  insertReferral,
  isUniqueViolation,
  listServices,
  type SubjectRow,
} from '@ponte/db';
import { tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../audit/access-log';
import { isInForce } from '../agreements/agreement-view';
import { statusOf } from '../consents/consent-state';
import { ageAt } from '../subjects/register-subject';
import { caseAbility, loadSubject, subjectNotFound } from '../subjects/subject-access';
import { calendarDate } from '../util';
import { recordTransition, referralRecord, viewReferral } from './referral-access';

/**
 * Sends (or drafts) a referral. It goes only where every check holds: the recipient offers the
 * service; an agreement from sender to recipient is in force and covers the purpose; the consent
 * is active, names the recipient and the purpose. What is shared is the sender's choice cut to
 * what the consent and the agreement allow; if nothing is left, nothing is sent.
 */
export async function sendReferral({
  ctx,
  input,
  idempotency,
}: {
  ctx: Context;
  input: SendReferral;
  /** With an `Idempotency-Key`: a retry of the same request returns the first answer and creates nothing. */
  idempotency?: { key: string } | undefined;
}): Promise<Referral> {
  return withAudit(ctx, async (tx, log) => {
    const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    if (idempotency) {
      await lockIdempotencyKey(tx, ctx.principal.id, idempotency.key);
      const previous = await findIdempotentResponse(tx, ctx.principal.id, idempotency.key);
      if (previous && previous.request_hash !== requestHash)
        throw new PonteError('conflict', { en: 'This Idempotency-Key was used for a different request', pt: 'Esta Idempotency-Key foi usada num pedido diferente' }, [
          fieldError('header', ['idempotency-key'], 'reused_for_other_request', { en: 'use a new key for a new request', pt: 'use uma chave nova para um pedido novo' }),
        ]);
      if (previous) return previous.response as unknown as Referral;
    }
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'refer', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const senderId = ctx.principal.agencyId!;
    const base = { resource: 'Referral' as const, action: 'send', subjectId: subject.row.id, owningAgencyId: senderId, purpose: input.purpose };
    const prospective = referralRecord(
      { agency_id: senderId, recipient_agency_id: '', status: 'draft', recipient_assignee_id: null, recipient_team: null } as never,
      subject.row,
    );
    if (!ability.can('send', tag('Referral', prospective))) throw log.refuse({ ...base, rule: 'need_to_know' }, subjectNotFound('need_to_know'));

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

    const failed: FieldError[] = [];
    const offered = await listServices(tx, [recipient.id]);
    if (!offered.some((s) => s.service === input.service))
      failed.push(fieldError('body', ['service'], 'recipient_offers_service', { en: `${input.to} does not offer this service`, pt: `${input.to} não oferece este serviço` }));

    const today = calendarDate(now);
    const agreement = (await findAgreementsBetween(tx, senderId, recipient.id)).find((a) => isInForce(a, today) && a.purposes.includes(input.purpose));
    if (!agreement)
      failed.push(fieldError('body', ['purpose'], 'agreement_in_force', {
        en: 'no data-sharing agreement in force covers this purpose with this agency',
        pt: 'nenhum acordo de partilha de dados em vigor cobre esta finalidade com esta agência',
      }));

    const versions = await findConsentVersions(tx, input.consentId);
    const consent = versions.at(-1);
    if (!consent || consent.subject_id !== subject.row.id) {
      failed.push(fieldError('body', ['consentId'], 'known_consent', { en: 'no consent of this subject with this id', pt: 'nenhum consentimento deste titular com este id' }));
    } else {
      const [withdrawal] = await findWithdrawals(tx, [input.consentId]);
      const status = statusOf(consent, consent.version, withdrawal, now);
      if (status !== 'active')
        failed.push(fieldError('body', ['consentId'], `consent_${status}`, { en: `the consent is ${status.replaceAll('_', ' ')}`, pt: `o consentimento não está ativo (${status})` }));
      if (!consent.recipient_agency_ids.includes(recipient.id))
        failed.push(fieldError('body', ['to'], 'consent_names_recipient', { en: 'the consent does not name this agency', pt: 'o consentimento não indica esta agência' }));
      if (!consent.purposes.includes(input.purpose))
        failed.push(fieldError('body', ['purpose'], 'consent_covers_purpose', { en: 'the consent does not cover this purpose', pt: 'o consentimento não cobre esta finalidade' }));
    }
    const shared = input.categories.filter((c) => consent?.categories.includes(c) && agreement?.categories.includes(c));
    if (failed.length === 0 && shared.length === 0)
      failed.push(fieldError('body', ['categories'], 'shared_categories_empty', {
        en: 'none of these categories is allowed by both the consent and the agreement',
        pt: 'nenhuma destas categorias é permitida pelo consentimento e pelo acordo',
      }));
    if (failed.length > 0) {
      log.deny({ ...base, fields: input.categories, rule: `referral.${failed[0]!.check}` });
      throw new PonteError('check_failed', { en: 'The referral cannot be sent', pt: 'O encaminhamento não pode ser enviado' }, failed);
    }

    const key = { subjectId: subject.row.id, service: input.service, recipientAgencyId: recipient.id };
    if (await findOpenReferral(tx, key)) throw duplicate();
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
    const referral = await viewReferral(tx, row, 'sender');
    if (idempotency)
      await saveIdempotentResponse(tx, { agency_id: senderId, principal_id: ctx.principal.id, key: idempotency.key, request_hash: requestHash, status: 201, response: referral, created_at: now });
    return referral;
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
