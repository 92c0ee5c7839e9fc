import type { ConsentRow, ConsentWithdrawalRow } from '@ponte/db';
import { consentCoverage, consentStatus, type ConsentCoverage, type ConsentStatus } from '@ponte/policy';

export type { ConsentStatus } from '@ponte/policy';

/** The status of one stored consent version at `at`, decided by the policy (`consentStatus`). */
export function statusOf(row: ConsentRow, latestVersion: number, withdrawal: ConsentWithdrawalRow | undefined, at: Date): ConsentStatus {
  return consentStatus({ version: row.version, validFrom: row.valid_from, validUntil: row.valid_until }, latestVersion, withdrawal !== undefined, at);
}

export interface SubjectConsents extends ConsentCoverage {
  /** Every version with its status now. */
  versions: Array<{ row: ConsentRow; status: ConsentStatus }>;
}

/** The consents of each subject as stored, with their status and what they cover at `at`. */
export function consentsBySubject(rows: ConsentRow[], withdrawals: ConsentWithdrawalRow[], at: Date): Map<string, SubjectConsents> {
  const latest = new Map<string, number>();
  for (const row of rows) latest.set(row.consent_id, Math.max(latest.get(row.consent_id) ?? 0, row.version));
  const withdrawn = new Map(withdrawals.map((w) => [w.consent_id, w]));
  const versions = new Map<string, SubjectConsents['versions']>();
  for (const row of rows)
    versions.set(row.subject_id, [...(versions.get(row.subject_id) ?? []), { row, status: statusOf(row, latest.get(row.consent_id)!, withdrawn.get(row.consent_id), at) }]);
  return new Map(
    [...versions].map(([subjectId, list]) => [
      subjectId,
      { versions: list, ...consentCoverage(list.map(({ row, status }) => ({ status, categories: row.categories, legalBasis: row.legal_basis }))) },
    ]),
  );
}

export const NO_CONSENTS: SubjectConsents = { versions: [], consentedCategories: [], states: {}, bases: {} };
