import type { ConsentRow, ConsentWithdrawalRow } from '@ponte/db';
import { describe, expect, it } from 'vitest';
import { consentRow } from './consent-row.fixture';
import { consentsBySubject, NO_CONSENTS, statusOf } from './consent-state';

/**
 * A consent version's status, computed at the moment of each read from the rules of the design:
 * a withdrawal ends every version at once; a newer version supersedes an older one; a consent
 * counts from `valid_from` (inclusive) until `valid_until` (exclusive), with no job to run.
 */
const FROM = new Date('2026-01-01T00:00:00Z');
const UNTIL = new Date('2027-01-01T00:00:00Z');
const MID = new Date('2026-06-01T00:00:00Z');

const consent = (overrides: Partial<ConsentRow> = {}) => consentRow({ valid_from: FROM, valid_until: UNTIL, ...overrides });

const withdrawal = (consentId = 'consent-1'): ConsentWithdrawalRow => ({
  agency_id: 'agency',
  consent_id: consentId,
  requested_by: 'subject',
  recorded_by_agency_id: null,
  method: 'written',
  reason: 'asked',
  withdrawn_by: 'user',
  withdrawn_at: MID,
});

describe('the status of one consent version', () => {
  it('is active inside its validity, from its first moment to just before its last', () => {
    expect(statusOf(consent(), 1, undefined, MID)).toBe('active');
    expect(statusOf(consent(), 1, undefined, FROM)).toBe('active');
    expect(statusOf(consent(), 1, undefined, new Date(UNTIL.getTime() - 1))).toBe('active');
  });

  it('is not yet valid before it starts, and expired from the moment it ends', () => {
    expect(statusOf(consent(), 1, undefined, new Date(FROM.getTime() - 1))).toBe('not_yet_valid');
    expect(statusOf(consent(), 1, undefined, UNTIL)).toBe('expired');
    expect(statusOf(consent(), 1, undefined, new Date(UNTIL.getTime() + 86_400_000))).toBe('expired');
  });

  it('is superseded by a newer version, whatever its dates', () => {
    expect(statusOf(consent({ version: 1 }), 2, undefined, MID)).toBe('superseded');
    expect(statusOf(consent({ version: 2 }), 2, undefined, MID)).toBe('active');
    expect(statusOf(consent({ version: 1 }), 2, undefined, UNTIL)).toBe('superseded');
  });

  it('is withdrawn once withdrawn, before anything else', () => {
    expect(statusOf(consent(), 1, withdrawal(), MID)).toBe('withdrawn');
    expect(statusOf(consent({ version: 1 }), 3, withdrawal(), UNTIL)).toBe('withdrawn');
    expect(statusOf(consent(), 1, withdrawal(), new Date(FROM.getTime() - 1))).toBe('withdrawn');
  });

  it('accepts dates as the drivers give them (strings as well as Dates)', () => {
    expect(statusOf(consent({ valid_from: FROM.toISOString() as never, valid_until: UNTIL.toISOString() as never }), 1, undefined, MID)).toBe('active');
  });
});

describe("a subject's consents, category by category", () => {
  it('groups versions by subject, judging each against the latest version of its own consent', () => {
    const rows = [
      consent({ consent_id: 'a', version: 1, subject_id: 's1', categories: ['identity'] }),
      consent({ consent_id: 'a', version: 2, subject_id: 's1', categories: ['contact'] }),
      consent({ consent_id: 'b', version: 1, subject_id: 's2', categories: ['health'] }),
    ];
    const bySubject = consentsBySubject(rows, [], MID);
    expect([...bySubject.keys()].sort()).toEqual(['s1', 's2']);
    expect(bySubject.get('s1')!.versions.map((v) => [v.row.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'active'],
    ]);
    expect(bySubject.get('s1')!.consentedCategories).toEqual(['contact']);
    // Another consent's newer version supersedes nothing of this one.
    expect(bySubject.get('s2')!.versions[0]!.status).toBe('active');
    expect(bySubject.get('s2')!.consentedCategories).toEqual(['health']);
  });

  it('says of each category the most telling state: active, then withdrawn, expired, not yet valid, superseded', () => {
    const states = (...statuses: Array<[string, Partial<ConsentRow>, boolean?]>) => {
      const rows = statuses.map(([id, o]) => consent({ consent_id: id, categories: ['legal'], ...o }));
      const withdrawals = statuses.filter(([, , w]) => w).map(([id]) => withdrawal(id));
      return consentsBySubject(rows, withdrawals, MID).get('subject-1')!.states.legal;
    };
    const expired = { valid_from: new Date('2025-01-01T00:00:00Z'), valid_until: new Date('2026-01-01T00:00:00Z') };
    const future = { valid_from: new Date('2026-12-01T00:00:00Z') };
    expect(states(['w', {}, true], ['a', {}])).toBe('active');
    expect(states(['a', {}], ['w', {}, true])).toBe('active');
    expect(states(['e', expired], ['w', {}, true])).toBe('withdrawn');
    expect(states(['w', {}, true], ['e', expired])).toBe('withdrawn');
    expect(states(['f', future], ['e', expired])).toBe('expired');
    expect(states(['e', expired], ['f', future])).toBe('expired');
    expect(states(['s', { version: 1 }], ['s', { version: 2, ...future }])).toBe('not_yet_valid');
    expect(states(['s', { version: 2, ...future }], ['s', { version: 1 }])).toBe('not_yet_valid');
  });

  it('lists only the categories an active consent covers, sorted, each with the legal basis of one that does', () => {
    const rows = [
      consent({ consent_id: 'a', categories: ['location', 'identity'], legal_basis: 'consent' }),
      consent({ consent_id: 'b', categories: ['health'], legal_basis: 'vital_interests' }),
      consent({ consent_id: 'c', categories: ['legal'], legal_basis: 'legal_obligation', valid_until: new Date('2026-02-01T00:00:00Z') }),
    ];
    const entry = consentsBySubject(rows, [], MID).get('subject-1')!;
    expect(entry.consentedCategories).toEqual(['health', 'identity', 'location']);
    expect(entry.bases).toEqual({ identity: 'consent', location: 'consent', health: 'vital_interests' });
    expect(entry.states.legal).toBe('expired');
  });

  it('keeps the basis of the first active consent that covers a category', () => {
    const rows = [
      consent({ consent_id: 'a', categories: ['identity'], legal_basis: 'public_task' }),
      consent({ consent_id: 'b', categories: ['identity'], legal_basis: 'consent' }),
    ];
    expect(consentsBySubject(rows, [], MID).get('subject-1')!.bases.identity).toBe('public_task');
  });

  it('knows nothing of a subject without consents', () => {
    expect(consentsBySubject([], [], MID).size).toBe(0);
    expect(NO_CONSENTS).toEqual({ versions: [], consentedCategories: [], states: {}, bases: {} });
  });
});
