import { fieldError, PonteError, type RequestTransfer, type Transfer } from '@ponte/contracts';
import { findAgencyBySlug, insertSubjectTransfer, isUniqueViolation, openReferralToQuery } from '@ponte/db';
import { OPEN_REFERRAL_STATUSES, refusalOn, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { agencySlugOf, caseAbility, loadSubject } from '../subjects/subject-access';
import { checkTransfer, transferCheckFailed, transferEvents, viewTransfer } from './transfer-access';
import { ensureNotTransferred } from './transferred-record';
import { ensureNotErased } from '../subjects/erased-record';

/**
 * Asks another agency to take a subject's case over for good (a transfer of responsibility, not a
 * referral): by whoever works on the subject at the agency that owns it. It goes only where every
 * check holds (`decideTransfer`): an agreement between the two agencies in force for the purpose
 * and every category; the consent named (the subject's, a guardian's or, for a child, a
 * best-interests determination) active, naming the recipient, covering the purpose and every
 * category. Refused, with nothing written: a subject with a transfer pending or accepted (409), or
 * with an open referral to the same agency (409 `transfer.open_referral_to_recipient`: close it
 * first, so the two do not overlap), a transfer to one's own agency (400). Both agencies get a
 * `subject.transfer_requested` event (ids only).
 */
export async function requestTransfer({ ctx, input }: { ctx: Context; input: { subjectId: string; transfer: RequestTransfer } }): Promise<Transfer> {
  const ask = input.transfer;
  try {
    return await withAudit(ctx, async (tx, log) => {
      const senderId = ctx.principal.agencyId!;
      const subject = await loadSubject(tx, ctx, log, input.subjectId, 'transfer', 'update');
      const { ability } = await caseAbility(tx, ctx);
      const base = { resource: 'Transfer' as const, action: 'request', subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, fields: ask.categories, purpose: ask.purpose };
      if (!ability.can('transfer', tag('Subject', subject.record)))
        throw log.refuse(base, refusalOn(ability, 'Subject', subject.record, 'Subject.transfer', { en: 'You may not transfer this subject', pt: 'Não pode transferir este titular' }));
      ensureNotTransferred(ctx, log, subject, base);
      ensureNotErased(log, subject, base);
      if (subject.transfer) throw log.refuse(base, subject.transfer.status === 'pending' ? alreadyPending() : alreadyTransferred());

      const recipient = await findAgencyBySlug(tx, ask.to);
      if (!recipient || recipient.status !== 'active')
        throw new PonteError('invalid_request', { en: 'No such agency to transfer to', pt: 'Não existe esta agência para transferir' }, [
          fieldError('body', ['to'], 'known_agency', { en: 'no active agency with this slug', pt: 'nenhuma agência ativa com este identificador' }),
        ]);
      if (recipient.id === senderId)
        throw new PonteError('invalid_request', { en: 'An agency cannot transfer a case to itself', pt: 'Uma agência não pode transferir um caso para si própria' }, [
          fieldError('body', ['to'], 'not_self', { en: 'must be another agency', pt: 'tem de ser outra agência' }),
        ]);
      if ((await openReferralToQuery(tx, subject.row.id, recipient.id, OPEN_REFERRAL_STATUSES).execute()).length > 0)
        throw log.refuse(
          base,
          new PonteError(
            'conflict',
            {
              en: `The subject has an open referral to ${recipient.slug}: withdraw or close it before transferring the case`,
              pt: `O titular tem um encaminhamento aberto para ${recipient.slug}: retire-o ou encerre-o antes de transferir o caso`,
            },
            undefined,
            { rule: 'transfer.open_referral_to_recipient' },
          ),
        );

      const now = ctx.now();
      const terms = { senderId, recipientId: recipient.id, recipientSlug: recipient.slug, subjectId: subject.row.id, consentId: ask.consentId, purpose: ask.purpose, categories: ask.categories };
      const basis = await checkTransfer(tx, terms, now);
      if (basis.failed.length > 0) throw log.refuse(base, transferCheckFailed(basis.failed, { en: 'The transfer cannot be asked', pt: 'A transferência não pode ser pedida' }));

      const row = await insertSubjectTransfer(tx, {
        agency_id: senderId,
        subject_id: subject.row.id,
        recipient_agency_id: recipient.id,
        consent_id: ask.consentId,
        legal_basis: basis.consent!.legal_basis,
        purpose: ask.purpose,
        categories: ask.categories,
        reason: ask.reason,
        requested_by: ctx.principal.id,
        requested_at: now,
      });
      log.allow({ ...base, resourceId: row.id, legalBasis: row.legal_basis, rule: 'subject.transfer_requested' });
      const senderSlug = ctx.principal.agencySlug ?? (await agencySlugOf(tx, senderId));
      transferEvents(tx, row, 'subject.transfer_requested', { from: senderSlug, to: recipient.slug }, now);
      return viewTransfer(row, 'sender', [{ id: senderId, slug: senderSlug }, recipient]);
    });
  } catch (error) {
    // Another request for the same subject got there first (one live transfer per subject).
    if (isUniqueViolation(error)) throw alreadyPending();
    throw error;
  }
}

const alreadyPending = () =>
  new PonteError('conflict', { en: 'A transfer of this subject is already pending', pt: 'Já existe uma transferência pendente deste titular' }, undefined, { rule: 'transfer.already_pending' });

const alreadyTransferred = () =>
  new PonteError('conflict', { en: 'The case was already transferred to another agency', pt: 'O caso já foi transferido para outra agência' }, undefined, { rule: 'subject.transferred' });
