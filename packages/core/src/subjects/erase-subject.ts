import { DATA_CATEGORIES, DAY_MS, PonteError, type ErasureMode, type ErasureReason, type SubjectTombstone } from '@ponte/contracts';
import { eraseSubjectRow, findActiveLegalHold, insertEventsAtCommit, insertPurgeRequests, referralsOfErasedSubject, type NewEvent, type SubjectRow } from '@ponte/db';
import { grantingRule, mayKnow, OPEN_REFERRAL_STATUSES, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { triageOf } from '../referrals/send-referral';
import { ensureNotErased } from './erased-record';
import { legalHoldRefusal } from './legal-holds';
import { agencySlugOf, caseAbility, loadSubject, subjectChanged, subjectNotFound } from './subject-access';
import { slugsOf, toPurgeRequest, viewTombstone } from './tombstone-view';

/** How long a recipient has to attest a purge when the deployment does not say. */
export const DEFAULT_PURGE_ATTESTATION_DAYS = 30;

export interface EraseSubjectInput {
  subjectId: string;
  reason: ErasureReason;
  /** `erase` (default): nothing kept; `anonymise`: age band, sex and province kept on the tombstone. */
  mode?: ErasureMode | undefined;
  /** The version the caller read (`If-Match`); without it, the current one. */
  expectedVersion?: number | undefined;
}

/**
 * Erases one of the agency's subjects, by the person's request or when its retention period
 * ends. In one transaction: the subject becomes a tombstone (every personal category and the
 * birth date deleted; `anonymise` keeps age band, sex and province), what its data left in other
 * tables is deleted (`erase_subject_personal_data`: consents' grantors and witnesses, withdrawal
 * reasons, referral notes and outcomes, messages, documents' titles and content, break-glass
 * justifications, assignment and transfer reasons, saved idempotent answers, console receipts);
 * its consents in force end (a withdrawal, reason `subject_erased`) and a pending transfer is
 * cancelled; its open referrals, down every chain, are withdrawn (`referral.withdrawn`, reason
 * `subject_erased`); every agency a referral told of the subject is asked to purge (a purge
 * request with a deadline, and `referral.purge_requested` with ids only). Refused: who may not
 * erase (404 or 403, rule `Subject.erase`), an erased subject (409 `subject.erased`), a subject
 * under a legal hold (409 `subject.legal_hold`); nothing changes then. The access log keeps the
 * erasure (it holds no personal values, and still verifies).
 */
export async function eraseSubject({ ctx, input }: { ctx: Context; input: EraseSubjectInput }): Promise<SubjectTombstone> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'erase', 'update');
    const { ability } = await caseAbility(tx, ctx);
    const { row } = subject;
    const base = { resource: 'Subject' as const, resourceId: row.id, subjectId: row.id, owningAgencyId: row.agency_id, action: 'erase', fields: [...DATA_CATEGORIES] };
    if (!ability.can('erase', tag('Subject', subject.record)))
      throw log.refuse(
        base,
        mayKnow(ability, 'Subject', subject.record)
          ? new PonteError('forbidden', { en: "Only the subject's supervisor or the agency's privacy officer may erase it", pt: 'Só o supervisor do titular ou o encarregado de proteção de dados da agência o podem apagar' }, undefined, {
              rule: 'Subject.erase',
            })
          : subjectNotFound('need_to_know'),
      );
    ensureNotErased(log, subject, base);
    const hold = await findActiveLegalHold(tx, row.agency_id, row.id);
    if (hold) throw log.refuse(base, legalHoldRefusal(hold));
    if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) throw subjectChanged(row.version);

    const now = ctx.now();
    const mode = input.mode ?? 'erase';
    const erased = await eraseSubjectRow(tx, row.id, row.version, {
      by: ctx.principal.id,
      reason: input.reason,
      mode,
      attributes: mode === 'anonymise' ? coarseAttributes(row, now) : null,
      at: now,
      withdrawFrom: OPEN_REFERRAL_STATUSES,
    });
    if (!erased) throw subjectChanged(row.version);

    // Every referral that told another agency of the subject (down the chains too), as it stands now.
    const referrals = await referralsOfErasedSubject(tx, row.agency_id, row.id);
    const due = new Date(now.getTime() + (ctx.settings.purgeAttestationDays ?? DEFAULT_PURGE_ATTESTATION_DAYS) * DAY_MS);
    const requests = await insertPurgeRequests(
      tx,
      referrals.map((r) => ({
        agency_id: row.agency_id,
        subject_id: row.id,
        referral_id: r.id,
        referral_agency_id: r.agency_id,
        recipient_agency_id: r.recipient_agency_id,
        reason: 'subject_erased' as const,
        categories: r.shared_categories,
        requested_at: now,
        due_at: due,
      })),
    );
    const withdrawn = new Map(erased.withdrawn.map((w) => [w.referral_id, w.from_status]));
    const events: NewEvent[] = [];
    for (const referral of referrals) {
      const sides = [referral.agency_id, referral.recipient_agency_id];
      if (withdrawn.has(referral.id)) {
        const data = { referralId: referral.id, status: referral.status, version: referral.version, service: referral.service, urgency: referral.urgency, reason: 'subject_erased' };
        events.push(...sides.map((agencyId) => ({ agency_id: agencyId, type: 'referral.withdrawn', referral_id: referral.id, payload: data, created_at: now })));
      }
      const request = requests.find((p) => p.referral_id === referral.id)!;
      const data = { referralId: referral.id, reason: 'subject_erased', categories: referral.shared_categories, status: referral.status, purgeRequestId: request.id, dueAt: due.toISOString() };
      events.push(...sides.map((agencyId) => ({ agency_id: agencyId, type: 'referral.purge_requested', referral_id: referral.id, payload: data, created_at: now })));
    }
    insertEventsAtCommit(tx, events);
    log.allow({ ...base, rule: grantingRule(ability, 'erase', 'Subject', subject.record) ?? 'subject.erase' });
    ctx.logger.info({ event: 'subject.erased', subjectId: row.id, reason: input.reason, mode, purgeRequests: requests.length, withdrawn: withdrawn.size }, 'subject erased');
    const slugs = await slugsOf(tx, requests);
    return viewTombstone(erased.row, await agencySlugOf(tx, row.agency_id), requests.map((r) => toPurgeRequest(r, slugs, now)));
  });
}

/** What an anonymised tombstone keeps: the triage's coarse attributes (no languages: with the rest, they could narrow to a person). */
function coarseAttributes(row: SubjectRow, now: Date) {
  const { ageBand, sex, province } = triageOf(row, now);
  return { ageBand, sex, province };
}
