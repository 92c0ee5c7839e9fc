import { PonteError, type RuleCode, type Consent, type DataCategory, type Purpose } from '@ponte/contracts';
import { findAgenciesByIds, findConsentVersions, findReferral, findSubject, findWithdrawals, type ConsentRow, type ConsentWithdrawalRow, type ScopedTx, type SubjectRow } from '@ponte/db';
import type { ConsentRecord } from '@ponte/policy';
import type { AccessLog } from '@ponte/audit';
import { iso } from '../util';
import { statusOf, type ConsentStatus } from './consent-state';

export interface LoadedConsent {
  latest: ConsentRow;
  versions: ConsentRow[];
  withdrawal: ConsentWithdrawalRow | undefined;
  subject: SubjectRow;
  recipients: Array<{ id: string; slug: string; nameEn: string }>;
  controller: { id: string; slug: string; nameEn: string };
  /** The agency that recorded the withdrawal from the printed receipt, when not the owner. */
  withdrawalRecordedBy: { id: string; slug: string; nameEn: string } | undefined;
}

/** A consent of the principal's agency, all its versions, its withdrawal and its subject. */
export async function loadConsent(tx: ScopedTx, log: AccessLog, agencyId: string, consentId: string, action: string): Promise<LoadedConsent> {
  const versions = await findConsentVersions(tx, agencyId, consentId);
  const latest = versions.at(-1);
  const subject = latest ? await findSubject(tx, latest.subject_id) : undefined;
  if (!latest || !subject)
    throw log.refuse(
      { resource: 'Consent', resourceId: consentId, action },
      consentNotFound('tenant_isolation'),
    );
  const [withdrawal] = await findWithdrawals(tx, agencyId, [consentId]);
  const recordedBy = withdrawal?.recorded_by_agency_id ?? undefined;
  const agencies = await findAgenciesByIds(tx, [latest.agency_id, ...latest.recipient_agency_ids, ...(recordedBy ? [recordedBy] : [])]);
  const named = (id: string) => {
    const agency = agencies.find((a) => a.id === id)!;
    return { id, slug: agency.slug, nameEn: agency.name_en };
  };
  return {
    latest,
    versions,
    withdrawal,
    subject,
    recipients: latest.recipient_agency_ids.map(named),
    controller: named(latest.agency_id),
    withdrawalRecordedBy: recordedBy ? named(recordedBy) : undefined,
  };
}

/**
 * Whose case a consent is, for the policy: its subject's caseworker and team; for a consent an
 * agency recorded for an onward referral (on a subject it knows through a referral it received),
 * whoever works that referral in the agency (its assignee and team).
 */
export async function consentCaseOf(tx: ScopedTx, consent: Pick<LoadedConsent, 'latest' | 'subject'>): Promise<SubjectRow> {
  if (consent.latest.via_referral_id === null) return consent.subject;
  const via = await findReferral(tx, consent.latest.via_referral_id);
  return { ...consent.subject, assigned_user_id: via?.recipient_assignee_id ?? null, team: via?.recipient_team ?? null, created_by: '' };
}

export function consentRecordOf(row: { agency_id: string; subject_id: string }, subject: SubjectRow, grantedBy: string): ConsentRecord {
  return {
    agencyId: row.agency_id,
    subjectId: row.subject_id,
    assignedUserId: subject.assigned_user_id,
    team: subject.team,
    createdBy: subject.created_by,
    grantedBy,
  };
}

export function currentStatus(consent: LoadedConsent, at: Date): ConsentStatus {
  return statusOf(consent.latest, consent.latest.version, consent.withdrawal, at);
}

export function toConsent(consent: LoadedConsent, at: Date): Consent {
  const { latest: row, withdrawal } = consent;
  return {
    id: row.consent_id,
    version: row.version,
    subjectId: row.subject_id,
    subjectReference: consent.subject.reference,
    status: currentStatus(consent, at),
    grantedBy: row.granted_by,
    childAssent: row.child_assent,
    method: row.method,
    language: row.language,
    interpreterUsed: row.interpreter_used,
    purposes: row.purposes as Purpose[],
    recipients: consent.recipients.map((r) => r.slug),
    categories: row.categories as DataCategory[],
    legalBasis: row.legal_basis,
    validFrom: iso(row.valid_from),
    validUntil: iso(row.valid_until),
    recordedAt: iso(row.recorded_at),
    withdrawal: withdrawal
      ? { requestedBy: withdrawal.requested_by, method: withdrawal.method, reason: withdrawal.reason, withdrawnAt: iso(withdrawal.withdrawn_at), recordedByAgency: consent.withdrawalRecordedBy?.slug ?? null }
      : null,
  };
}

/** 404 for a consent the caller may not know exists, with the rule that hid it. */
export function consentNotFound(rule: RuleCode): PonteError {
  return new PonteError('not_found', { en: 'No such consent in your agency', pt: 'Não existe este consentimento na sua agência' }, undefined, { rule });
}
