import { randomBytes, randomUUID } from 'node:crypto';
import { fieldError, PonteError, type AcceptTransfer, type Transfer } from '@ponte/contracts';
import { findSubject, insertAssignment, insertConsent, insertSubject, type SubjectRow } from '@ponte/db';
import { needToKnowScopes, transferReadOnlyFrom } from '@ponte/policy';
import type { Context } from '../context';
import { requireCaseworker } from '../subjects/register-subject';
import { agencySlugOf } from '../subjects/subject-access';
import { changeTransfer } from './change-transfer';
import { checkTransfer, transferCheckFailed } from './transfer-access';

/** How long the sender's record stays writable after acceptance when the deployment says nothing. */
const DEFAULT_GRACE_DAYS = 14;

/**
 * The receiving agency takes the case over (its intake focal point or a supervisor): the consent
 * and the agreement must still hold; the receiver gets its own subject record, assigned to a
 * caseworker of its own, holding the transferred categories copied from the sender's record and
 * no other; the basis of the transfer (the consent or determination the sender recorded, cut to
 * the transferred categories, naming no recipient) is recorded with the new record as the
 * receiver's own. The sender's record becomes read-only for its people after the grace period.
 * Logged twice: the transfer's acceptance on the sender's subject (in its access report) and the
 * new record on the receiver's.
 */
export function acceptTransfer({ ctx, input }: { ctx: Context; input: { id: string; expectedVersion?: number | undefined } & AcceptTransfer }): Promise<Transfer> {
  return changeTransfer(ctx, {
    id: input.id,
    action: 'accept',
    expectedVersion: input.expectedVersion,
    accept: async ({ row }, tx, log) => {
      const now = ctx.now();
      const receiverId = ctx.principal.agencyId!;
      const basis = await checkTransfer(
        tx,
        { senderId: row.agency_id, recipientId: row.recipient_agency_id, recipientSlug: '', subjectId: row.subject_id, consentId: row.consent_id, purpose: row.purpose, categories: row.categories },
        now,
      );
      if (basis.failed.length > 0)
        throw log.refuse(
          { resource: 'Transfer', resourceId: row.id, action: 'accept', subjectId: row.subject_id, owningAgencyId: row.agency_id },
          // What fails is the transfer's own basis, not anything this request sent: each check names the transfer (the path's id).
          transferCheckFailed(
            basis.failed.map((f) => ({ ...fieldError('path', ['id'], f.check, f.message), check: f.check })),
            { en: 'The transfer can no longer be accepted', pt: 'A transferência já não pode ser aceite' },
          ),
        );
      const worksOnCases = ctx.principal.kind === 'user' && needToKnowScopes(ctx.principal).work.length > 0;
      if (!input.assigneeId && !worksOnCases)
        throw new PonteError('invalid_request', { en: 'Say which caseworker takes the case', pt: 'Indique o técnico responsável pelo caso' }, [
          fieldError('body', ['assigneeId'], 'required', { en: 'required when you do not work on cases yourself', pt: 'obrigatório quando não trabalha em casos' }),
        ]);
      const assignee = await requireCaseworker(tx, input.assigneeId ?? ctx.principal.id, 'assigneeId');
      // The sender's record, seen by the receiver while the transfer is pending (row-level security).
      const source = (await findSubject(tx, row.subject_id))!;
      const copied = copyOf(source, row.categories);
      const slug = ctx.principal.agencySlug ?? (await agencySlugOf(tx, receiverId));
      const received = await insertSubject(tx, {
        agency_id: receiverId,
        reference: `${slug.toUpperCase().slice(0, 12).replace(/-+$/, '')}-${randomBytes(5).toString('hex').toUpperCase()}`,
        assigned_user_id: assignee.id,
        team: assignee.team ?? null,
        ...copied,
        created_by: ctx.principal.id,
        created_at: now,
        updated_at: now,
      });
      await insertAssignment(tx, { agency_id: receiverId, subject_id: received.id, assigned_user_id: assignee.id, team: assignee.team ?? null, assigned_by: ctx.principal.id, reason: 'transfer', assigned_at: now });
      const consent = basis.consent!;
      await insertConsent(tx, {
        agency_id: receiverId,
        consent_id: randomUUID(),
        version: 1,
        subject_id: received.id,
        granted_by: consent.granted_by,
        grantor: consent.grantor === null ? null : JSON.stringify(consent.grantor),
        guardian_reason: consent.guardian_reason,
        child_assent: consent.child_assent,
        method: consent.method,
        witness: consent.witness === null ? null : JSON.stringify(consent.witness),
        language: consent.language,
        interpreter_used: consent.interpreter_used,
        purposes: consent.purposes,
        recipient_agency_ids: [],
        categories: row.categories,
        legal_basis: consent.legal_basis,
        valid_from: now,
        valid_until: consent.valid_until,
        recorded_by: ctx.principal.id,
        recorded_at: now,
      });
      log.allow({ resource: 'Subject', resourceId: received.id, action: 'create', subjectId: received.id, owningAgencyId: receiverId, fields: row.categories, legalBasis: consent.legal_basis, rule: 'subject.transfer_received' });
      return { receivedSubjectId: received.id, readOnlyFrom: transferReadOnlyFrom(now, ctx.settings.transferGraceDays ?? DEFAULT_GRACE_DAYS), categories: row.categories, legalBasis: consent.legal_basis };
    },
  });
}

/** The transferred categories of the sender's record, and nothing else (identity is a required column: empty when not transferred). */
function copyOf(source: SubjectRow, categories: readonly string[]) {
  const has = (c: string) => categories.includes(c);
  const json = (c: 'contact' | 'location' | 'family' | 'protection' | 'health' | 'legal') => (has(c) && source[c] !== null ? JSON.stringify(source[c]) : null);
  return {
    identity: JSON.stringify(has('identity') ? source.identity : {}),
    birth_date: has('identity') ? source.birth_date : null,
    birth_date_estimated: has('identity') ? source.birth_date_estimated : false,
    contact: json('contact'),
    location: json('location'),
    family: json('family'),
    protection: json('protection'),
    health: json('health'),
    legal: json('legal'),
  };
}
