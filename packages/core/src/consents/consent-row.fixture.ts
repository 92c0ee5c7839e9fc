import type { ConsentRow } from '@ponte/db';

/** A consent row as the database gives one, for unit tests: a subject's written consent, overridable. */
export function consentRow(overrides: Partial<ConsentRow> = {}): ConsentRow {
  return {
    agency_id: 'agency',
    id: 'row',
    consent_id: 'consent-1',
    version: 1,
    subject_id: 'subject-1',
    granted_by: 'subject',
    grantor: null,
    guardian_reason: null,
    child_assent: null,
    method: 'written',
    witness: null,
    language: 'pt',
    interpreter_used: false,
    purposes: ['return_reintegration'],
    recipient_agency_ids: [],
    via_referral_id: null,
    categories: ['identity'],
    legal_basis: 'consent',
    valid_from: new Date('2026-01-01T00:00:00Z'),
    valid_until: new Date('2027-01-01T00:00:00Z'),
    recorded_by: 'user',
    recorded_at: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}
