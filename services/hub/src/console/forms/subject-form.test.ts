import { RegisterSubject } from '@ponte/contracts';
import { describe, expect, it } from 'vitest';
import { breakGlassFormToInput, newSubjectForm, subjectFormToInput } from './subject-form';

const filled = {
  'identity.givenName': ' Ana ',
  'identity.familyName': 'Machava',
  'identity.dateOfBirth': '2011-05-05',
  'identity.estimatedAge': '',
  'identity.sex': 'female',
  'identity.languages': 'pt, ts  en',
  'identity.nationality': 'moz',
  'location.current.country': 'moz',
  'location.current.province': 'MZ-G',
  'protection.unaccompaniedMinor': 'true',
};

describe('the subject registration form', () => {
  it('starts with the person in Mozambique', () => {
    expect(newSubjectForm()).toEqual({ 'location.current.country': 'MOZ' });
  });

  it('becomes the input of registerSubject, which the contract accepts', () => {
    const input = subjectFormToInput(filled);
    expect(input).toEqual({
      identity: { givenName: 'Ana', familyName: 'Machava', dateOfBirth: '2011-05-05', estimatedAge: undefined, sex: 'female', nationality: 'MOZ', languages: ['pt', 'ts', 'en'] },
      location: { current: { country: 'MOZ', province: 'MZ-G' } },
      protection: { traffickingIndicators: [], vulnerabilities: [], unaccompaniedMinor: true, separatedChild: false },
    });
    expect(RegisterSubject.safeParse(input).success).toBe(true);
  });

  it('sends required fields empty when missing, for the contract to name them', () => {
    const input = subjectFormToInput({});
    expect(input).toEqual({
      identity: { givenName: '', familyName: '', dateOfBirth: undefined, estimatedAge: undefined, sex: '', nationality: undefined, languages: [] },
      location: { current: { country: '' } },
    });
    const refused = RegisterSubject.safeParse(input);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['identity.givenName', 'identity.familyName', 'location.current.country']));
  });

  it('reads an age as a number when it is one, and passes anything else on for the contract to refuse', () => {
    expect(subjectFormToInput({ 'identity.estimatedAge': '14' }).identity.estimatedAge).toBe(14);
    expect(subjectFormToInput({ 'identity.estimatedAge': 'about 14' }).identity.estimatedAge).toBe('about 14');
  });

  it('records protection only when a box of it is ticked', () => {
    expect(subjectFormToInput({ 'protection.separatedChild': 'true' }).protection).toEqual({ traffickingIndicators: [], vulnerabilities: [], unaccompaniedMinor: false, separatedChild: true });
    expect('protection' in subjectFormToInput({ 'protection.unaccompaniedMinor': 'false' })).toBe(false);
  });

  it('reads languages typed however they are separated, and a language field sent twice by its first value', () => {
    expect(subjectFormToInput({ 'identity.languages': ' pt,ts ,, en ' }).identity.languages).toEqual(['pt', 'ts', 'en']);
    expect(subjectFormToInput({ 'identity.languages': ['pt ts', 'en'] }).identity.languages).toEqual(['pt', 'ts']);
  });
});

describe('the break-glass form', () => {
  it('reads the reference in capitals, as case files print it, and the justification', () => {
    expect(breakGlassFormToInput({ reference: ' s-ab12cd ', justification: ' Urgent medical need ' })).toEqual({ reference: 'S-AB12CD', justification: 'Urgent medical need' });
  });

  it('sends both empty when missing', () => {
    expect(breakGlassFormToInput({})).toEqual({ reference: '', justification: '' });
  });
});
