import type { ConsentRow, ConsentWithdrawalRow } from '@ponte/db';
import type { ConsentState } from '@ponte/policy';

export type ConsentStatus = 'active' | 'withdrawn' | 'expired' | 'superseded' | 'not_yet_valid';

/**
 * The status of one consent version at `at`. Computed on every read, so an expired consent
 * stops counting the moment it expires, with no job to run.
 */
export function statusOf(row: ConsentRow, latestVersion: number, withdrawal: ConsentWithdrawalRow | undefined, at: Date): ConsentStatus {
  if (withdrawal) return 'withdrawn';
  if (row.version < latestVersion) return 'superseded';
  if (at < new Date(row.valid_from)) return 'not_yet_valid';
  if (at >= new Date(row.valid_until)) return 'expired';
  return 'active';
}

export interface SubjectConsents {
  /** Every version with its status now, grouped by subject. */
  versions: Array<{ row: ConsentRow; status: ConsentStatus }>;
  /** Categories an active consent covers. */
  consentedCategories: string[];
  /** Per category, why it is or is not covered (the most telling status). */
  states: Partial<Record<string, ConsentState>>;
  /** The legal bases of the active consents covering each category. */
  bases: Partial<Record<string, string>>;
}

const PRECEDENCE: ConsentState[] = ['active', 'withdrawn', 'expired', 'not_yet_valid', 'superseded'];

export function consentsBySubject(
  rows: ConsentRow[],
  withdrawals: ConsentWithdrawalRow[],
  at: Date,
): Map<string, SubjectConsents> {
  const latest = new Map<string, number>();
  for (const row of rows) latest.set(row.consent_id, Math.max(latest.get(row.consent_id) ?? 0, row.version));
  const withdrawn = new Map(withdrawals.map((w) => [w.consent_id, w]));
  const result = new Map<string, SubjectConsents>();
  for (const row of rows) {
    const entry = result.get(row.subject_id) ?? { versions: [], consentedCategories: [], states: {}, bases: {} };
    const status = statusOf(row, latest.get(row.consent_id)!, withdrawn.get(row.consent_id), at);
    entry.versions.push({ row, status });
    for (const category of row.categories) {
      const current = entry.states[category];
      if (current === undefined || PRECEDENCE.indexOf(status) < PRECEDENCE.indexOf(current)) entry.states[category] = status;
      if (status === 'active') entry.bases[category] ??= row.legal_basis;
    }
    result.set(row.subject_id, entry);
  }
  for (const entry of result.values())
    entry.consentedCategories = Object.entries(entry.states)
      .filter(([, state]) => state === 'active')
      .map(([category]) => category)
      .sort();
  return result;
}

export const NO_CONSENTS: SubjectConsents = { versions: [], consentedCategories: [], states: {}, bases: {} };
