import { fieldError, type FieldError } from '@ponte/contracts';
import { findAgreementsBetween, findLatestConsentVersion, listServices, type AgreementRow, type ConsentRow, type ConsentWithdrawalRow, type ReferralRow, type ScopedTx } from '@ponte/db';
import { isInForce } from '../agreements/agreement-view';
import { statusOf } from '../consents/consent-state';
import { calendarDate } from '@ponte/contracts';

export interface ReferralTerms {
  senderId: string;
  recipientId: string;
  recipientSlug: string;
  subjectId: string;
  consentId: string;
  service: string;
  purpose: string;
  categories: readonly string[];
}

export interface ReferralBasis {
  consent: ConsentRow | undefined;
  agreement: AgreementRow | undefined;
  /** The consent's latest version is active, names the recipient and covers the purpose. */
  consentHolds: boolean;
  agreementInForce: boolean;
  /** What may flow: the categories asked for, cut to the consent and the agreement. */
  shared: string[];
  failed: FieldError[];
}

/** What the checks are decided on, as read from the database. */
export interface ReferralFacts {
  /** The services the recipient offers (undefined: not checked, as on a referral already sent). */
  offeredServices: readonly string[] | undefined;
  /** The agreements from sender to recipient. */
  agreements: readonly AgreementRow[];
  /** The consent's latest version and its withdrawal, if any. */
  latest: { consent: ConsentRow; withdrawal: ConsentWithdrawalRow | undefined } | undefined;
}

/**
 * Every check a referral must pass, now: the recipient offers the service; an agreement from
 * sender to recipient is in force and covers the purpose; the consent (its latest version) is
 * active, names the recipient and covers the purpose; something is left to share. Used when a
 * referral is sent, when a draft is sent, when it is accepted and whenever the receiver reads.
 */
export async function checkReferral(tx: ScopedTx, terms: ReferralTerms, now: Date, options: { checkService?: boolean } = {}): Promise<ReferralBasis> {
  const facts: ReferralFacts = {
    offeredServices: options.checkService === false ? undefined : (await listServices(tx, [terms.recipientId])).map((s) => s.service),
    agreements: await findAgreementsBetween(tx, terms.senderId, terms.recipientId),
    latest: await findLatestConsentVersion(tx, terms.senderId, terms.consentId),
  };
  return decideReferral(facts, terms, now);
}

/** The checks of {@link checkReferral}, decided on facts already read. */
export function decideReferral(facts: ReferralFacts, terms: ReferralTerms, now: Date): ReferralBasis {
  const failed: FieldError[] = [];
  if (facts.offeredServices !== undefined && !facts.offeredServices.includes(terms.service))
    failed.push(fieldError('body', ['service'], 'recipient_offers_service', { en: `${terms.recipientSlug} does not offer this service`, pt: `${terms.recipientSlug} não oferece este serviço` }));
  const today = calendarDate(now);
  const agreement = facts.agreements.find((a) => isInForce(a, today) && a.purposes.includes(terms.purpose));
  if (!agreement)
    failed.push(fieldError('body', ['purpose'], 'agreement_in_force', {
      en: 'no data-sharing agreement in force covers this purpose with this agency',
      pt: 'nenhum acordo de partilha de dados em vigor cobre esta finalidade com esta agência',
    }));
  const consent = facts.latest?.consent;
  let consentHolds = false;
  if (!consent || consent.subject_id !== terms.subjectId) {
    failed.push(fieldError('body', ['consentId'], 'known_consent', { en: 'no consent of this subject with this id', pt: 'nenhum consentimento deste titular com este id' }));
  } else {
    const status = statusOf(consent, consent.version, facts.latest!.withdrawal, now);
    const namesRecipient = consent.recipient_agency_ids.includes(terms.recipientId);
    const coversPurpose = consent.purposes.includes(terms.purpose);
    if (status !== 'active')
      failed.push(fieldError('body', ['consentId'], `consent_${status}`, { en: `the consent is ${status.replaceAll('_', ' ')}`, pt: `o consentimento não está ativo (${status})` }));
    if (!namesRecipient) failed.push(fieldError('body', ['to'], 'consent_names_recipient', { en: 'the consent does not name this agency', pt: 'o consentimento não indica esta agência' }));
    if (!coversPurpose) failed.push(fieldError('body', ['purpose'], 'consent_covers_purpose', { en: 'the consent does not cover this purpose', pt: 'o consentimento não cobre esta finalidade' }));
    consentHolds = status === 'active' && namesRecipient && coversPurpose;
  }
  const shared = terms.categories.filter((c) => consentHolds && consent!.categories.includes(c) && agreement?.categories.includes(c));
  if (failed.length === 0 && shared.length === 0)
    failed.push(fieldError('body', ['categories'], 'shared_categories_empty', {
      en: 'none of these categories is allowed by both the consent and the agreement',
      pt: 'nenhuma destas categorias é permitida pelo consentimento e pelo acordo',
    }));
  return { consent, agreement, consentHolds, agreementInForce: agreement !== undefined, shared, failed };
}

/** The terms a stored referral was sent on, to check again. */
export function termsOf(row: ReferralRow, recipientSlug = ''): ReferralTerms {
  return {
    senderId: row.agency_id,
    recipientId: row.recipient_agency_id,
    recipientSlug,
    subjectId: row.subject_id,
    consentId: row.consent_id,
    service: row.service,
    purpose: row.purpose,
    categories: row.shared_categories,
  };
}
