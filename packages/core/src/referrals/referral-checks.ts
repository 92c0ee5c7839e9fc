import { fieldError, type Bilingual, type FieldError, type ReferralCheck } from '@ponte/contracts';
import { findAgreementsBetween, findLatestConsentVersion, listServices, type AgreementRow, type ConsentRow, type ConsentWithdrawalRow, type ReferralRow, type ScopedTx } from '@ponte/db';
import { decideReferral as decide, type ReferralDecision } from '@ponte/policy';
import { agreementFacts } from '../agreements/agreement-view';
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
  /** The agency that recorded the consent, when not the sender (an onward referral resting on the root consent). */
  consentAgencyId?: string;
  /** On an onward referral: the consent its chain began under, which must still hold too. */
  chain?: { rootAgencyId: string; rootConsentId: string };
}

export interface ReferralBasis {
  consent: ConsentRow | undefined;
  agreement: AgreementRow | undefined;
  /** The consent's latest version is active, names the recipient and covers the purpose. */
  consentHolds: boolean;
  agreementInForce: boolean;
  /** What may flow: the categories asked for, cut to the consent and the agreement. */
  shared: string[];
  failed: Array<FieldError & { check: ReferralCheck }>;
  /** The policy's decision these were read from. */
  decision: ReferralDecision;
}

/** What the checks are decided on, as read from the database. */
export interface ReferralFacts {
  /** The services the recipient offers (undefined: not checked, as on a referral already sent). */
  offeredServices: readonly string[] | undefined;
  /** The agreements from sender to recipient. */
  agreements: readonly AgreementRow[];
  /** The consent's latest version and its withdrawal, if any. */
  latest: { consent: ConsentRow; withdrawal: ConsentWithdrawalRow | undefined } | undefined;
  /** On an onward referral: the root consent's latest version and its withdrawal, if any. */
  root?: { consent: ConsentRow; withdrawal: ConsentWithdrawalRow | undefined } | undefined;
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
    latest: await findLatestConsentVersion(tx, terms.consentAgencyId ?? terms.senderId, terms.consentId),
    ...(terms.chain && { root: await findLatestConsentVersion(tx, terms.chain.rootAgencyId, terms.chain.rootConsentId) }),
  };
  return decideReferral(facts, terms, now);
}

/** What each failed check says, on the field it is about. */
const CHECK_TEXT: Record<ReferralCheck, (terms: ReferralTerms) => Bilingual> = {
  recipient_offers_service: (t) => ({ en: `${t.recipientSlug} does not offer this service`, pt: `${t.recipientSlug} não oferece este serviço` }),
  agreement_in_force: () => ({
    en: 'no data-sharing agreement in force covers this purpose with this agency',
    pt: 'nenhum acordo de partilha de dados em vigor cobre esta finalidade com esta agência',
  }),
  known_consent: () => ({ en: 'no consent of this subject with this id', pt: 'nenhum consentimento deste titular com este id' }),
  consent_withdrawn: () => ({ en: 'the consent is withdrawn', pt: 'o consentimento não está ativo (withdrawn)' }),
  consent_expired: () => ({ en: 'the consent is expired', pt: 'o consentimento não está ativo (expired)' }),
  consent_superseded: () => ({ en: 'the consent is superseded', pt: 'o consentimento não está ativo (superseded)' }),
  consent_not_yet_valid: () => ({ en: 'the consent is not yet valid', pt: 'o consentimento não está ativo (not_yet_valid)' }),
  consent_names_recipient: () => ({ en: 'the consent does not name this agency', pt: 'o consentimento não indica esta agência' }),
  consent_covers_purpose: () => ({ en: 'the consent does not cover this purpose', pt: 'o consentimento não cobre esta finalidade' }),
  shared_categories_empty: () => ({
    en: 'none of these categories is allowed by both the consent and the agreement',
    pt: 'nenhuma destas categorias é permitida pelo consentimento e pelo acordo',
  }),
};

/** The checks of {@link checkReferral}, decided by the policy (`decideReferral`) on facts already read. */
export function decideReferral(facts: ReferralFacts, terms: ReferralTerms, now: Date): ReferralBasis {
  const consent = facts.latest?.consent;
  const decision = decide(
    {
      offeredServices: facts.offeredServices,
      agreements: facts.agreements.map(agreementFacts),
      consent: consent && {
        subjectId: consent.subject_id,
        status: statusOf(consent, consent.version, facts.latest!.withdrawal, now),
        recipientAgencyIds: consent.recipient_agency_ids,
        purposes: consent.purposes,
        categories: consent.categories,
      },
    },
    { subjectId: terms.subjectId, recipientId: terms.recipientId, service: terms.service, purpose: terms.purpose, categories: terms.categories },
    calendarDate(now),
  );
  // Down a chain of onward referrals, the consent it began under holds too: its withdrawal stops every level.
  const root = terms.chain ? facts.root : undefined;
  const rootState = terms.chain ? (root ? statusOf(root.consent, root.consent.version, root.withdrawal, now) : 'withdrawn') : 'active';
  if (rootState !== 'active') {
    decision.consentHolds = false;
    decision.shared = [];
    decision.failed.push({ field: 'consentId', check: `consent_${rootState}` as ReferralCheck });
  }
  const agreement = facts.agreements[decision.agreement];
  return {
    consent,
    agreement,
    consentHolds: decision.consentHolds,
    agreementInForce: agreement !== undefined,
    shared: decision.shared,
    failed: decision.failed.map(({ field, check }) => ({ ...fieldError('body', [field], check, CHECK_TEXT[check](terms)), check })),
    decision,
  };
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
    ...(row.root_agency_id !== null &&
      row.root_consent_id !== null && {
        consentAgencyId: row.consent_id === row.root_consent_id ? row.root_agency_id : row.agency_id,
        chain: { rootAgencyId: row.root_agency_id, rootConsentId: row.root_consent_id },
      }),
  };
}

/** The agency that owns a referral's subject: its sender, or the root of its chain for an onward referral. */
export const subjectOwnerOf = (row: Pick<ReferralRow, 'agency_id' | 'root_agency_id'>): string => row.root_agency_id ?? row.agency_id;
