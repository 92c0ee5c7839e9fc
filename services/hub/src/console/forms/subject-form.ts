import { checked, required, text, type FormValues } from './form-values';

/** A new subject's form as it first shows: the person is in Mozambique. */
export const newSubjectForm = (): FormValues => ({ 'location.current.country': 'MOZ' });

/**
 * The registration form as the input of `registerSubject`: names and sex required (empty when not
 * given, for the contract to say so), languages typed as a list (`pt, ts` or `pt ts`), codes in
 * capitals, an age that is not a whole number passed on as typed for the contract to refuse, and
 * the protection category only when one of its boxes is ticked.
 */
export function subjectFormToInput(values: FormValues) {
  const age = text(values, 'identity.estimatedAge');
  const province = text(values, 'location.current.province');
  const unaccompaniedMinor = checked(values, 'protection.unaccompaniedMinor');
  const separatedChild = checked(values, 'protection.separatedChild');
  return {
    identity: {
      givenName: required(values, 'identity.givenName'),
      familyName: required(values, 'identity.familyName'),
      dateOfBirth: text(values, 'identity.dateOfBirth'),
      estimatedAge: age === undefined ? undefined : /^\d+$/.test(age) ? Number(age) : age,
      sex: required(values, 'identity.sex'),
      nationality: text(values, 'identity.nationality')?.toUpperCase(),
      languages: required(values, 'identity.languages').split(/[\s,]+/).filter(Boolean),
    },
    location: { current: { country: required(values, 'location.current.country').toUpperCase(), ...(province ? { province } : {}) } },
    ...(unaccompaniedMinor || separatedChild ? { protection: { traffickingIndicators: [], vulnerabilities: [], unaccompaniedMinor, separatedChild } } : {}),
  };
}

/** What the break-glass form asks: the subject's reference (in capitals, as case files print it) and why. */
export const breakGlassFormToInput = (values: FormValues) => ({ reference: required(values, 'reference').toUpperCase(), justification: required(values, 'justification') });
