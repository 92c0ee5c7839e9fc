import type { Language } from '@ponte/contracts';
import { checked, formField, list, optional, required, text, timestamp, type FormValues } from './form-values';

/** A new consent's form as it first shows: in the page's language, consent as the basis, in writing. */
export const newConsentForm = (lang: Language): FormValues => ({ language: lang, legalBasis: 'consent', method: 'written' });

/** A group of fields sent when any of them is filled, so that a half-filled group is refused by the contract, not dropped. */
const group = <K extends string>(values: FormValues, prefix: string, fields: readonly K[]): Record<K, string> | undefined =>
  fields.some((f) => text(values, `${prefix}.${f}`)) ? (Object.fromEntries(fields.map((f) => [f, required(values, `${prefix}.${f}`)])) as Record<K, string>) : undefined;

/**
 * The consent form as the input of `recordConsent`. Only the fields of the chosen path are sent
 * (a guardian's for a guardian, a determination's for a best-interests determination, a witness's
 * for a verbal consent): what was typed on another path stays on the form. Validity dates are
 * Maputo dates, the last counting to the end of its day.
 */
export function consentFormToInput(values: FormValues) {
  const grantedBy = text(values, 'grantedBy');
  const method = text(values, 'method');
  const guardian = grantedBy === 'guardian' ? group(values, 'guardian', ['name', 'relationship']) : undefined;
  const determination = grantedBy === 'best_interests_determination' ? group(values, 'bestInterestsDetermination', ['reference', 'decidedOn']) : undefined;
  const witness = method === 'verbal_with_witness' ? group(values, 'witness', ['name', 'role']) : undefined;
  const validFrom = timestamp(text(values, 'validFrom'));
  return {
    grantedBy: grantedBy ?? '',
    ...(guardian ? { guardian } : {}),
    ...(grantedBy === 'guardian' ? optional(values, 'guardianReason', 'guardianReason') : {}),
    ...(determination ? { bestInterestsDetermination: determination } : {}),
    ...optional(values, 'childAssent', 'childAssent'),
    method: method ?? '',
    ...(witness ? { witness } : {}),
    language: required(values, 'language'),
    interpreterUsed: checked(values, 'interpreterUsed'),
    purposes: list(values, 'purposes'),
    recipients: list(values, 'recipients'),
    categories: list(values, 'categories'),
    legalBasis: required(values, 'legalBasis'),
    ...(validFrom ? { validFrom } : {}),
    validUntil: timestamp(text(values, 'validUntil'), 'end') ?? '',
  };
}

/** A missing group (a guardian, a witness, a determination) is reported at its first field. */
const GROUP_FIELDS: Record<string, string> = { guardian: 'guardian.name', witness: 'witness.name', bestInterestsDetermination: 'bestInterestsDetermination.reference' };

/** The consent form's field a contract path names: list indexes dropped, a whole group at its first field. */
export const consentFormField = (field: string) => GROUP_FIELDS[formField(field)] ?? formField(field);

/** A withdrawal's form as it first shows: asked for by the person, in writing. */
export const newWithdrawalForm = (): FormValues => ({ requestedBy: 'subject', method: 'written' });

/** The withdrawal form as the input of `withdrawConsent`. */
export const withdrawalFormToInput = (values: FormValues) => ({ requestedBy: required(values, 'requestedBy'), method: required(values, 'method'), reason: required(values, 'reason') });
