import { RecordConsent, WithdrawConsent } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { consentFormField, consentFormToInput, newConsentForm, newWithdrawalForm, withdrawalFormToInput } from './consent-form';

const base = {
  grantedBy: 'subject',
  method: 'written',
  language: 'pt',
  purposes: ['protection_assistance', 'medical_care'],
  recipients: 'unhcr',
  categories: ['identity', 'location'],
  legalBasis: 'consent',
  validUntil: '2027-06-30',
};

describe('the consent form', () => {
  it('starts in the page’s language, with consent as the basis, in writing', () => {
    expect(newConsentForm('pt')).toEqual({ language: 'pt', legalBasis: 'consent', method: 'written' });
  });

  it('becomes the input of recordConsent: lists from the ticked boxes, valid to the end of its last day in Maputo', () => {
    const input = consentFormToInput({ ...base, purposes: 'protection_assistance', interpreterUsed: 'true' });
    expect(input).toEqual({
      grantedBy: 'subject',
      method: 'written',
      language: 'pt',
      interpreterUsed: true,
      purposes: ['protection_assistance'],
      recipients: ['unhcr'],
      categories: ['identity', 'location'],
      legalBasis: 'consent',
      validUntil: '2027-06-30T23:59:59.999+02:00',
    });
    expect(RecordConsent.safeParse(input).success).toBe(true);
  });

  it('starts a validity date given as a date at the start of that day, and leaves it out when not given', () => {
    expect(consentFormToInput({ ...base, validFrom: '2027-01-01' }).validFrom).toBe('2027-01-01T00:00:00+02:00');
    expect('validFrom' in consentFormToInput(base)).toBe(false);
  });

  it('sends required fields empty and lists empty when nothing is filled or ticked', () => {
    expect(consentFormToInput({})).toEqual({ grantedBy: '', method: '', language: '', interpreterUsed: false, purposes: [], recipients: [], categories: [], legalBasis: '', validUntil: '' });
  });

  it('sends only the chosen path’s fields: a guardian’s for a guardian, none typed on another path', () => {
    const typed = { ...base, 'guardian.name': 'Rosa', 'guardian.relationship': 'mother', guardianReason: 'Adult unable', 'witness.name': 'Rui', 'witness.role': 'nurse', 'bestInterestsDetermination.reference': 'BID-1' };
    const bySubject = consentFormToInput(typed);
    expect(bySubject).not.toHaveProperty('guardian');
    expect(bySubject).not.toHaveProperty('guardianReason');
    expect(bySubject).not.toHaveProperty('witness');
    expect(bySubject).not.toHaveProperty('bestInterestsDetermination');
    const byGuardian = consentFormToInput({ ...typed, grantedBy: 'guardian', childAssent: 'given', method: 'verbal_with_witness' });
    expect(byGuardian).toMatchObject({ guardian: { name: 'Rosa', relationship: 'mother' }, guardianReason: 'Adult unable', childAssent: 'given', witness: { name: 'Rui', role: 'nurse' } });
    expect(byGuardian).not.toHaveProperty('bestInterestsDetermination');
    expect(RecordConsent.safeParse(byGuardian).success).toBe(true);
  });

  it('sends a half-filled group with its empty field, so the contract refuses it rather than dropping it', () => {
    const input = consentFormToInput({ ...base, grantedBy: 'best_interests_determination', 'bestInterestsDetermination.reference': 'BID-7' });
    expect(input.bestInterestsDetermination).toEqual({ reference: 'BID-7', decidedOn: '' });
    expect(RecordConsent.safeParse(input).success).toBe(false);
    // A group with nothing typed is left out, and the contract says it is required.
    const none = consentFormToInput({ ...base, grantedBy: 'guardian' });
    expect(none).not.toHaveProperty('guardian');
    expect(RecordConsent.safeParse(none).error?.issues.map((i) => i.path.join('.'))).toContain('guardian');
  });

  it('shows a refusal of a whole group at its first field, and of a list at the list', () => {
    expect(consentFormField('guardian')).toBe('guardian.name');
    expect(consentFormField('witness')).toBe('witness.name');
    expect(consentFormField('bestInterestsDetermination')).toBe('bestInterestsDetermination.reference');
    expect(consentFormField('purposes.1')).toBe('purposes');
    expect(consentFormField('bestInterestsDetermination.decidedOn')).toBe('bestInterestsDetermination.decidedOn');
  });
});

describe('the withdrawal form', () => {
  it('starts as asked by the person, in writing', () => {
    expect(newWithdrawalForm()).toEqual({ requestedBy: 'subject', method: 'written' });
  });

  it('becomes the input of withdrawConsent, and sends what is missing empty', () => {
    const input = withdrawalFormToInput({ requestedBy: 'guardian', method: 'thumbprint', reason: ' Moved away ' });
    expect(input).toEqual({ requestedBy: 'guardian', method: 'thumbprint', reason: 'Moved away' });
    expect(WithdrawConsent.safeParse(input).success).toBe(true);
    expect(withdrawalFormToInput({})).toEqual({ requestedBy: '', method: '', reason: '' });
  });
});
