import type { AgreementRow, ConsentRow } from '@ponte/db';
import { describe, expect, it } from 'vitest';
import type { ReferralRow } from '@ponte/db';
import { consentRow } from '../consents/consent-row.fixture';
import { decideReferral, termsOf, type ReferralFacts, type ReferralTerms } from './referral-checks';

/**
 * The checks a referral must pass, decided from the rules of the design: the recipient offers the
 * service; an agreement from sender to recipient is in force (Maputo's calendar) and covers the
 * purpose; the consent's latest version is active, names the recipient and covers the purpose;
 * and what may flow is the sender's choice cut to the consent and the agreement, never nothing.
 */
const NOW = new Date('2026-06-15T10:00:00Z');
const terms: ReferralTerms = {
  senderId: 'iom',
  recipientId: 'cs',
  recipientSlug: 'caminho-seguro',
  subjectId: 'subject-1',
  consentId: 'consent-1',
  service: 'reintegration_economic',
  purpose: 'return_reintegration',
  categories: ['identity', 'location', 'health'],
};

const agreement = (overrides: Partial<AgreementRow> = {}): AgreementRow => ({
  agency_id: 'iom',
  id: 'agreement-1',
  recipient_agency_id: 'cs',
  purposes: ['return_reintegration'],
  categories: ['identity', 'location', 'family'],
  valid_from: '2026-01-01',
  valid_until: '2026-12-31',
  document_ref: 'DSA',
  status: 'active',
  terminated_at: null,
  response_hours_emergency: null,
  response_hours_priority: null,
  response_hours_routine: null,
  termination_reason: null,
  created_at: NOW,
  updated_at: NOW,
  ...overrides,
});

const consent = (overrides: Partial<ConsentRow> = {}) =>
  consentRow({ agency_id: 'iom', recipient_agency_ids: ['cs'], categories: ['identity', 'location', 'health'], recorded_at: NOW, ...overrides });

const facts = (overrides: Partial<ReferralFacts> = {}): ReferralFacts => ({
  offeredServices: ['reintegration_economic', 'legal_aid'],
  agreements: [agreement()],
  latest: { consent: consent(), withdrawal: undefined },
  ...overrides,
});

const checks = (basis: ReturnType<typeof decideReferral>) => basis.failed.map((f) => `${f.field}:${f.check}`);

describe('a referral that passes every check', () => {
  it('shares what the sender chose, the consent covers and the agreement allows', () => {
    const basis = decideReferral(facts(), terms, NOW);
    expect(basis.failed).toEqual([]);
    expect(basis.shared).toEqual(['identity', 'location']);
    expect(basis).toMatchObject({ consentHolds: true, agreementInForce: true, agreement: { id: 'agreement-1' }, consent: { consent_id: 'consent-1' } });
  });

  it('finds the agreement in force for the purpose among several', () => {
    const basis = decideReferral(
      facts({ agreements: [agreement({ id: 'other-purpose', purposes: ['medical_care'] }), agreement({ id: 'ended', status: 'terminated' }), agreement({ id: 'right' })] }),
      terms,
      NOW,
    );
    expect(basis.agreement?.id).toBe('right');
    expect(basis.failed).toEqual([]);
  });
});

describe('the recipient must offer the service', () => {
  it('is refused when it does not, naming the service', () => {
    const basis = decideReferral(facts({ offeredServices: ['legal_aid'] }), terms, NOW);
    expect(checks(basis)).toEqual(['service:recipient_offers_service']);
    expect(basis.failed[0]!.message.en).toContain('caminho-seguro');
  });

  it('is not asked again of a referral already sent (no list of services given)', () => {
    expect(decideReferral(facts({ offeredServices: undefined }), terms, NOW).failed).toEqual([]);
  });
});

describe('an agreement must be in force and cover the purpose', () => {
  it.each([
    ['none at all', []],
    ['one for another purpose', [agreement({ purposes: ['medical_care'] })]],
    ['a terminated one', [agreement({ status: 'terminated' })]],
    ['one not started yet', [agreement({ valid_from: '2026-06-16' })]],
    ['one ended yesterday', [agreement({ valid_until: '2026-06-14' })]],
  ])('is refused with %s', (_name, agreements) => {
    const basis = decideReferral(facts({ agreements }), terms, NOW);
    expect(checks(basis)).toEqual(['purpose:agreement_in_force']);
    expect(basis.agreementInForce).toBe(false);
    expect(basis.shared).toEqual([]);
  });

  it('holds on its first and on its last day', () => {
    expect(decideReferral(facts({ agreements: [agreement({ valid_from: '2026-06-15' })] }), terms, NOW).failed).toEqual([]);
    expect(decideReferral(facts({ agreements: [agreement({ valid_until: '2026-06-15' })] }), terms, NOW).failed).toEqual([]);
  });

  it("counts days in Maputo: half past midnight there is already the next day's", () => {
    const lateUtc = new Date('2026-06-15T22:30:00Z');
    expect(checks(decideReferral(facts({ agreements: [agreement({ valid_until: '2026-06-15' })] }), terms, lateUtc))).toEqual(['purpose:agreement_in_force']);
    expect(decideReferral(facts({ agreements: [agreement({ valid_from: '2026-06-16' })] }), terms, lateUtc).failed).toEqual([]);
  });
});

describe('the consent must hold', () => {
  it('is refused when there is no such consent, or it is another subject’s', () => {
    expect(checks(decideReferral(facts({ latest: undefined }), terms, NOW))).toEqual(['consentId:known_consent']);
    expect(checks(decideReferral(facts({ latest: { consent: consent({ subject_id: 'someone-else' }), withdrawal: undefined } }), terms, NOW))).toEqual(['consentId:known_consent']);
  });

  it.each([
    ['withdrawn', { withdrawal: { agency_id: 'iom', consent_id: 'consent-1', requested_by: 'subject', method: 'written', reason: 'r', withdrawn_by: 'u', withdrawn_at: NOW } }, 'consentId:consent_withdrawn'],
    ['expired', { consent: consent({ valid_until: new Date('2026-06-15T09:00:00Z') }) }, 'consentId:consent_expired'],
    ['not yet valid', { consent: consent({ valid_from: new Date('2026-06-16T00:00:00Z') }) }, 'consentId:consent_not_yet_valid'],
  ])('is refused when %s, and nothing is shared', (_name, latest, check) => {
    const basis = decideReferral(facts({ latest: { consent: consent(), withdrawal: undefined, ...latest } as ReferralFacts['latest'] }), terms, NOW);
    expect(checks(basis)).toEqual([check]);
    expect(basis.consentHolds).toBe(false);
    expect(basis.shared).toEqual([]);
  });

  it('must name the recipient and cover the purpose, each named on its own field', () => {
    expect(checks(decideReferral(facts({ latest: { consent: consent({ recipient_agency_ids: ['unicef'] }), withdrawal: undefined } }), terms, NOW))).toEqual(['to:consent_names_recipient']);
    expect(checks(decideReferral(facts({ latest: { consent: consent({ purposes: ['medical_care'] }), withdrawal: undefined } }), terms, NOW))).toEqual(['purpose:consent_covers_purpose']);
    const both = decideReferral(facts({ latest: { consent: consent({ recipient_agency_ids: [], purposes: [] }), withdrawal: undefined } }), terms, NOW);
    expect(checks(both)).toEqual(['to:consent_names_recipient', 'purpose:consent_covers_purpose']);
    expect(both.consentHolds).toBe(false);
  });

  it('reports every check that failed, not just the first', () => {
    const basis = decideReferral(facts({ offeredServices: [], agreements: [], latest: undefined }), terms, NOW);
    expect(checks(basis)).toEqual(['service:recipient_offers_service', 'purpose:agreement_in_force', 'consentId:known_consent']);
  });

  it('tells the sender each failure in both languages, on the field of the body it is about', () => {
    const lapsed = consent({ valid_until: new Date('2026-06-15T09:00:00Z'), recipient_agency_ids: [], purposes: [] });
    const failures = [
      ...decideReferral(facts({ offeredServices: [], agreements: [], latest: undefined }), terms, NOW).failed,
      ...decideReferral(facts({ latest: { consent: lapsed, withdrawal: undefined } }), terms, NOW).failed,
      ...decideReferral(facts({ agreements: [agreement({ categories: ['family'] })] }), terms, NOW).failed,
    ];
    expect(failures.map((f) => ({ pointer: f.pointer, check: f.check, message: f.message }))).toEqual([
      { pointer: '/body/service', check: 'recipient_offers_service', message: { en: 'caminho-seguro does not offer this service', pt: 'caminho-seguro não oferece este serviço' } },
      {
        pointer: '/body/purpose',
        check: 'agreement_in_force',
        message: { en: 'no data-sharing agreement in force covers this purpose with this agency', pt: 'nenhum acordo de partilha de dados em vigor cobre esta finalidade com esta agência' },
      },
      { pointer: '/body/consentId', check: 'known_consent', message: { en: 'no consent of this subject with this id', pt: 'nenhum consentimento deste titular com este id' } },
      { pointer: '/body/consentId', check: 'consent_expired', message: { en: 'the consent is expired', pt: 'o consentimento não está ativo (expired)' } },
      { pointer: '/body/to', check: 'consent_names_recipient', message: { en: 'the consent does not name this agency', pt: 'o consentimento não indica esta agência' } },
      { pointer: '/body/purpose', check: 'consent_covers_purpose', message: { en: 'the consent does not cover this purpose', pt: 'o consentimento não cobre esta finalidade' } },
      {
        pointer: '/body/categories',
        check: 'shared_categories_empty',
        message: { en: 'none of these categories is allowed by both the consent and the agreement', pt: 'nenhuma destas categorias é permitida pelo consentimento e pelo acordo' },
      },
    ]);
    const notYet = decideReferral(facts({ latest: { consent: consent({ valid_from: new Date('2026-07-01T00:00:00Z') }), withdrawal: undefined } }), terms, NOW).failed[0]!;
    expect(notYet.message).toEqual({ en: 'the consent is not yet valid', pt: 'o consentimento não está ativo (not_yet_valid)' });
  });
});

describe('the terms of a referral already sent', () => {
  it('are read back from its row, to be checked again', () => {
    const row = { agency_id: 'iom', recipient_agency_id: 'cs', subject_id: 's', consent_id: 'c', service: 'legal_aid', purpose: 'return_reintegration', shared_categories: ['identity'], root_agency_id: null, root_consent_id: null } as ReferralRow;
    expect(termsOf(row)).toEqual({ senderId: 'iom', recipientId: 'cs', recipientSlug: '', subjectId: 's', consentId: 'c', service: 'legal_aid', purpose: 'return_reintegration', categories: ['identity'] });
    expect(termsOf(row, 'caminho-seguro').recipientSlug).toBe('caminho-seguro');
  });

  it('of an onward referral carry its chain: the root consent is the owner’s, a new one the referrer’s', () => {
    const onward = { agency_id: 'unicef', recipient_agency_id: 'casa', subject_id: 's', consent_id: 'root', service: 'psychosocial_support', purpose: 'psychosocial_support', shared_categories: ['identity'], root_agency_id: 'mgcas', root_consent_id: 'root' } as ReferralRow;
    expect(termsOf(onward)).toMatchObject({ senderId: 'unicef', consentId: 'root', consentAgencyId: 'mgcas', chain: { rootAgencyId: 'mgcas', rootConsentId: 'root' } });
    expect(termsOf({ ...onward, consent_id: 'new' })).toMatchObject({ consentId: 'new', consentAgencyId: 'unicef', chain: { rootAgencyId: 'mgcas', rootConsentId: 'root' } });
  });
});

describe('what is shared', () => {
  it('is only what the consent and the agreement both allow of what was asked', () => {
    const basis = decideReferral(facts({ agreements: [agreement({ categories: ['identity', 'health'] })] }), { ...terms, categories: ['identity', 'health', 'family'] }, NOW);
    expect(basis.shared).toEqual(['identity', 'health']);
  });

  it('may not be nothing: a referral sharing nothing is refused, naming the categories', () => {
    const basis = decideReferral(facts({ agreements: [agreement({ categories: ['family'] })] }), terms, NOW);
    expect(checks(basis)).toEqual(['categories:shared_categories_empty']);
  });

  it('is refused as empty only when nothing else failed', () => {
    const basis = decideReferral(facts({ offeredServices: [], agreements: [agreement({ categories: ['family'] })] }), terms, NOW);
    expect(checks(basis)).toEqual(['service:recipient_offers_service']);
  });
});
