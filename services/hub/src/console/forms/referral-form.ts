import { ProvinceCode, ServiceCode } from '@ponte/contracts';
import { consentFormToInput } from './consent-form';
import { checked, list, optional, required, type FormValues } from './form-values';

/**
 * A new referral's form as it first shows, from the address that led to it (the subject, and the
 * service and province of a directory search): a code that is not one is left out; routine urgency.
 */
export const newReferralForm = (query: { subject?: string | undefined; service?: string | undefined; province?: string | undefined }): FormValues => ({
  subjectId: query.subject ?? '',
  service: ServiceCode.safeParse(query.service).data ?? '',
  province: ProvinceCode.safeParse(query.province).data ?? '',
  urgency: 'routine',
});

/** The referral form as the input of `sendReferral` (and of its preview): the categories ticked, a note only when written. */
export const referralFormToInput = (values: FormValues) => ({
  to: required(values, 'to'),
  subjectId: required(values, 'subjectId'),
  consentId: required(values, 'consentId'),
  service: required(values, 'service'),
  purpose: required(values, 'purpose'),
  urgency: required(values, 'urgency'),
  categories: list(values, 'categories'),
  ...optional(values, 'note', 'note'),
});

/** The steps on a referral, each form as its verb's input: an assignee optional on accepting, required on assigning; a code required on declining and completing, its text optional. */
export const referralStepFormToInput = {
  accept: (values: FormValues) => optional(values, 'assigneeId', 'assigneeId'),
  assign: (values: FormValues) => ({ assigneeId: required(values, 'assigneeId') }),
  decline: (values: FormValues) => ({ reasonCode: required(values, 'reasonCode'), ...optional(values, 'reason', 'reason') }),
  start: (_values: FormValues) => ({}),
  complete: (values: FormValues) => ({ outcomeCode: required(values, 'outcomeCode'), ...optional(values, 'outcome', 'outcome') }),
  withdraw: (values: FormValues) => ({ reason: required(values, 'reason') }),
};

/** The assignment form filled from the referral: its assignee now, or none chosen. */
export const assignFormFor = (referral: { assigneeId: string | null }): FormValues => ({ assigneeId: referral.assigneeId ?? '' });

/** The onward referral's form as it first shows: routine, in the page's language for a new consent, in writing. */
export const newOnwardForm = (lang: string): FormValues => ({ urgency: 'routine', 'consent.language': lang, 'consent.method': 'written' });

/**
 * The onward referral's form as the input of `referOnward`: a new consent only when ticked, its
 * fields under `consent.`, for the purpose, the recipient and the categories chosen above.
 */
export function onwardFormToInput(values: FormValues) {
  const to = required(values, 'to');
  const purpose = required(values, 'purpose');
  const categories = list(values, 'categories');
  const onward = { to, service: required(values, 'service'), purpose, urgency: required(values, 'urgency'), categories, ...optional(values, 'note', 'note') };
  if (!checked(values, 'newConsent')) return onward;
  const fields = Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (k.startsWith('consent.') ? [[k.slice('consent.'.length), v]] : [])));
  return { ...onward, consent: consentFormToInput({ ...fields, purposes: [purpose], recipients: [to], categories, legalBasis: 'consent' }) };
}
