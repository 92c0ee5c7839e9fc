import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import {
  CONSENT_STATUSES,
  DATA_CATEGORIES,
  validityCoversDate,
  type ConsentRefusal,
  type ReferralCheck,
  type ReferralStatus,
  type ReferralStep,
  type ReferralView,
  type RuleCode,
  type TransferCheck,
  type TransferStatus,
} from '@ponte/contracts';
import { tag, type Action, type AppAbility, type PolicyFacts, type Principal, type SubjectRecords, type SubjectType } from './records';

/*
 * Every rule Ponte decides access and disclosure by, and its name. Read it top to bottom:
 *   1. the states the rules turn on: a referral's status, a consent's state, an agreement in force,
 *      what a referral may share, how long break-glass lasts;
 *   2. need-to-know: which subjects a principal works on, and why;
 *   3. the ability: one CASL rule per grant, each named by `because(RuleCode)`;
 *   4. explanations: which of those rules decided a read, asked of CASL itself.
 * Row-level security (packages/db, migrations 000300 and 20261130000100) repeats rules 1–3 for the
 * tenant boundary in the database, as a backstop.
 */

// ── 1. States ──────────────────────────────────────────────────────────────────────────────

/** Referrals not yet closed: a draft, or sent and not yet declined, completed or withdrawn. */
export const OPEN_REFERRAL_STATUSES = ['draft', 'sent', 'accepted', 'in_progress'] as const satisfies readonly ReferralStatus[];
/** Referrals the receiving agency knows of and that are not closed: sent, not yet closed. */
export const LIVE_REFERRAL_STATUSES = ['sent', 'accepted', 'in_progress'] as const satisfies readonly ReferralStatus[];
/** Referrals the receiving agency has taken on: its assignee works on them and reads what they share. */
export const ACCEPTED_REFERRAL_STATUSES = ['accepted', 'in_progress'] as const satisfies readonly ReferralStatus[];

const within = (set: readonly string[], status: string) => set.includes(status);
export const isOpenReferral = (status: string) => within(OPEN_REFERRAL_STATUSES, status);
export const isAcceptedReferral = (status: string) => within(ACCEPTED_REFERRAL_STATUSES, status);
/** A referral's conversation takes messages while both agencies know of it and it is not closed (sent, accepted, in progress). */
export const CONVERSATION_STATUSES = LIVE_REFERRAL_STATUSES;
export const isConversationOpen = (status: string) => within(CONVERSATION_STATUSES, status);
/**
 * A correction of the subject's data reaches the receivers of the referrals in these states that
 * share a corrected category (sent, accepted, in progress: the receiver knows of it and it is not
 * closed); a closed referral's receiver holds nothing more to correct.
 */
export const RECTIFIED_REFERRAL_STATUSES = LIVE_REFERRAL_STATUSES;
/**
 * Whether a message on a referral is a privacy officer's review item: it names the subject, or
 * gives their date of birth (`mentionsIdentity`), and the side it goes to is not shared `identity`
 * (what the sender chose, cut to the consent and the agreement). Only the sending side can carry
 * what it did not share: the receiving side knows of the subject only what was shared.
 */
export const messageNeedsReview = (authorSide: 'sender' | 'receiver', shared: readonly string[], mentionsIdentity: boolean) =>
  authorSide === 'sender' && mentionsIdentity && !shared.includes('identity');

/**
 * A transfer of responsibility is decided (accepted, declined) or cancelled only while pending;
 * a subject has at most one live transfer (pending or accepted).
 */
export const LIVE_TRANSFER_STATUSES = ['pending', 'accepted'] as const satisfies readonly TransferStatus[];
export const isTransferPending = (status: string) => status === 'pending';
/** From when the sender's record of a transferred subject is read-only: its acceptance plus the grace period. */
export const transferReadOnlyFrom = (acceptedAt: Date, graceDays: number): Date => new Date(acceptedAt.getTime() + graceDays * 86_400_000);
/**
 * Whether the sender's record of a subject is read-only now: a transfer of it was accepted and
 * its grace period is over. Its people still read it (logged as historical), never change it.
 */
export const isReadOnlyAfterTransfer = (transfer: { status: string; readOnlyFrom: Date | null } | undefined, at: Date): boolean =>
  transfer !== undefined && transfer.status === 'accepted' && transfer.readOnlyFrom !== null && at >= transfer.readOnlyFrom;
/** The purpose a read of a transferred record is logged under, for the privacy officer. */
export const HISTORICAL_READ_PURPOSE = 'historical';

/** The statuses each step of a referral's lifecycle starts from. */
export const REFERRAL_STEP_FROM = {
  send: ['draft'],
  accept: ['sent'],
  decline: ['sent'],
  assign: ACCEPTED_REFERRAL_STATUSES,
  start: ['accepted'],
  complete: ACCEPTED_REFERRAL_STATUSES,
  withdraw: OPEN_REFERRAL_STATUSES,
} as const satisfies Record<ReferralStep, readonly ReferralStatus[]>;

/** The steps a referral in this status may take next (the principal's right to take them aside). */
export const nextSteps = (status: string): ReferralStep[] =>
  (Object.keys(REFERRAL_STEP_FROM) as ReferralStep[]).filter((step) => within(REFERRAL_STEP_FROM[step], status));

/**
 * Which view of a referral a party gets. Sending side: the sender's view for those who work on the
 * subject (`detail`), metadata for anyone else who may see it (its privacy officer). Receiving
 * side, while the referral is open: the receiver's view once accepted, for whoever may read what it
 * shares now (`detail`: its assignee or the team's supervisor, while consent and agreement hold);
 * the triage view for everyone else who may see it (the focal point deciding and assigning, the
 * privacy officer). After closure, metadata for all.
 */
export function viewKind(side: 'sender' | 'receiver', status: string, detail: boolean): ReferralView {
  if (side === 'sender') return detail ? 'sender' : 'metadata';
  if (!isOpenReferral(status)) return 'metadata';
  return isAcceptedReferral(status) && detail ? 'receiver' : 'triage';
}

export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
/** Why a category is or is not covered by a consent now. */
export type ConsentState = ConsentStatus | 'absent';

/** One version of a consent, as the rules see it. */
export interface ConsentVersionFacts {
  version: number;
  validFrom: Date | string;
  validUntil: Date | string;
}

/**
 * The status of one consent version at `at`. Decided on every read, so an expired consent stops
 * counting the moment it expires, with no job to run; a withdrawal ends every version at once.
 */
export function consentStatus(consent: ConsentVersionFacts, latestVersion: number, withdrawn: boolean, at: Date): ConsentStatus {
  if (withdrawn) return 'withdrawn';
  if (consent.version < latestVersion) return 'superseded';
  if (at < new Date(consent.validFrom)) return 'not_yet_valid';
  if (at >= new Date(consent.validUntil)) return 'expired';
  return 'active';
}

/** What a subject's consents cover now, category by category. */
export interface ConsentCoverage {
  /** Categories an active consent covers. */
  consentedCategories: string[];
  /** Per category, the most telling state of the consents that name it. */
  states: Partial<Record<string, ConsentStatus>>;
  /** The legal basis of the active consent covering each category. */
  bases: Partial<Record<string, string>>;
}

const TELLING: ConsentStatus[] = ['active', 'withdrawn', 'expired', 'not_yet_valid', 'superseded'];

/** The coverage of a subject's consent versions, each with its status now. */
export function consentCoverage(versions: ReadonlyArray<{ status: ConsentStatus; categories: readonly string[]; legalBasis: string }>): ConsentCoverage {
  const coverage: ConsentCoverage = { consentedCategories: [], states: {}, bases: {} };
  for (const { status, categories, legalBasis } of versions)
    for (const category of categories) {
      const current = coverage.states[category];
      if (current === undefined || TELLING.indexOf(status) < TELLING.indexOf(current)) coverage.states[category] = status;
      if (status === 'active') coverage.bases[category] ??= legalBasis;
    }
  coverage.consentedCategories = Object.entries(coverage.states)
    .filter(([, state]) => state === 'active')
    .map(([category]) => category)
    .sort();
  return coverage;
}

/** The rule that withholds a category no active consent covers, from the category's state. */
export const consentRefusal = (state: ConsentState | undefined): `consent.${ConsentRefusal}` =>
  `consent.${state === undefined || state === 'active' || state === 'absent' ? 'absent' : state}`;

/** An agreement as the rules see it. Dates are calendar dates (`YYYY-MM-DD`) in the hub's time zone. */
export interface AgreementFacts {
  status: string;
  validFrom: string;
  validUntil: string;
  purposes: readonly string[];
  categories: readonly string[];
}

/** In force: active, and `today` within its validity, its last day counting to the end (contracts' validity rule). */
export const agreementInForce = (agreement: AgreementFacts, today: string): boolean => agreement.status === 'active' && validityCoversDate(agreement, today);

/** What a referral is decided on, as read now. */
export interface ReferralFacts {
  /** The services the recipient offers (undefined: not checked, as on a referral already sent). */
  offeredServices: readonly string[] | undefined;
  /** The agreements from sender to recipient. */
  agreements: readonly AgreementFacts[];
  /** The consent's latest version with its status now, if the subject has one with this id. */
  consent: { subjectId: string; status: ConsentStatus; recipientAgencyIds: readonly string[]; purposes: readonly string[]; categories: readonly string[] } | undefined;
}

/** What a referral asks for. */
export interface ReferralAsk {
  subjectId: string;
  recipientId: string;
  service: string;
  purpose: string;
  categories: readonly string[];
}

export interface ReferralDecision {
  /** Each failed check with the field of the request it is about, in the order they are checked. */
  failed: Array<{ field: 'service' | 'purpose' | 'consentId' | 'to' | 'categories'; check: ReferralCheck }>;
  /** The agreement in force that covers the purpose, if any (its index in the facts). */
  agreement: number;
  /** The consent's latest version is active, names the recipient and covers the purpose. */
  consentHolds: boolean;
  /** What may flow: the categories asked for that both the consent and the agreement allow. */
  shared: string[];
}

/**
 * Every check a referral must pass, now: the recipient offers the service; an agreement from
 * sender to recipient is in force and covers the purpose; the consent (its latest version) is
 * active, names the recipient and covers the purpose; something is left to share. Decided when a
 * referral is sent, when a draft is sent, when it is accepted and whenever the receiver reads.
 */
export function decideReferral(facts: ReferralFacts, ask: ReferralAsk, today: string): ReferralDecision {
  const failed: ReferralDecision['failed'] = [];
  if (facts.offeredServices !== undefined && !facts.offeredServices.includes(ask.service)) failed.push({ field: 'service', check: 'recipient_offers_service' });
  const agreement = facts.agreements.findIndex((a) => agreementInForce(a, today) && a.purposes.includes(ask.purpose));
  if (agreement < 0) failed.push({ field: 'purpose', check: 'agreement_in_force' });
  const consent = facts.consent;
  let consentHolds = false;
  if (!consent || consent.subjectId !== ask.subjectId) failed.push({ field: 'consentId', check: 'known_consent' });
  else {
    const namesRecipient = consent.recipientAgencyIds.includes(ask.recipientId);
    const coversPurpose = consent.purposes.includes(ask.purpose);
    if (consent.status !== 'active') failed.push({ field: 'consentId', check: `consent_${consent.status}` });
    if (!namesRecipient) failed.push({ field: 'to', check: 'consent_names_recipient' });
    if (!coversPurpose) failed.push({ field: 'purpose', check: 'consent_covers_purpose' });
    consentHolds = consent.status === 'active' && namesRecipient && coversPurpose;
  }
  const shared = consentHolds && agreement >= 0 ? sharedCategories(ask.categories, consent!.categories, facts.agreements[agreement]!.categories) : [];
  if (failed.length === 0 && shared.length === 0) failed.push({ field: 'categories', check: 'shared_categories_empty' });
  return { failed, agreement, consentHolds, shared };
}

/** What a transfer asks for. */
export interface TransferAsk {
  subjectId: string;
  recipientId: string;
  purpose: string;
  categories: readonly string[];
}

/**
 * Every check a transfer of responsibility must pass, now, when it is asked and when it is
 * accepted: an agreement from sender to recipient is in force, covers the purpose and every
 * category transferred; the consent (its latest version: the subject's, a guardian's or a
 * best-interests determination) is active, names the recipient, covers the purpose and every
 * category. Unlike a referral, nothing is cut: a transfer hands over what it names, or nothing.
 */
export function decideTransfer(
  facts: Pick<ReferralFacts, 'agreements' | 'consent'>,
  ask: TransferAsk,
  today: string,
): { failed: Array<{ field: 'purpose' | 'consentId' | 'to' | 'categories'; check: TransferCheck }>; agreement: number } {
  const failed: Array<{ field: 'purpose' | 'consentId' | 'to' | 'categories'; check: TransferCheck }> = [];
  const covering = (a: AgreementFacts) => agreementInForce(a, today) && a.purposes.includes(ask.purpose);
  const agreement = facts.agreements.findIndex((a) => covering(a) && ask.categories.every((c) => a.categories.includes(c)));
  if (agreement < 0) failed.push(facts.agreements.some(covering) ? { field: 'categories', check: 'agreement_covers_categories' } : { field: 'purpose', check: 'agreement_in_force' });
  const consent = facts.consent;
  if (!consent || consent.subjectId !== ask.subjectId) failed.push({ field: 'consentId', check: 'known_consent' });
  else {
    if (consent.status !== 'active') failed.push({ field: 'consentId', check: `consent_${consent.status}` });
    if (!consent.recipientAgencyIds.includes(ask.recipientId)) failed.push({ field: 'to', check: 'consent_names_recipient' });
    if (!consent.purposes.includes(ask.purpose)) failed.push({ field: 'purpose', check: 'consent_covers_purpose' });
    if (!ask.categories.every((c) => consent.categories.includes(c))) failed.push({ field: 'categories', check: 'consent_covers_categories' });
  }
  return { failed, agreement };
}

/** What flows to the receiving agency: the categories the sender shared that the consent and the agreement both allow. */
export const sharedCategories = (asked: readonly string[], consented: readonly string[], agreed: readonly string[]): string[] =>
  asked.filter((c) => consented.includes(c) && agreed.includes(c));

/**
 * Why a receiving agency may not read a shared category, once CASL has found it may read it were
 * the referral open and the category readable (see `explainReferredRead`).
 */
export function referredRefusal(decision: Pick<ReferralDecision, 'consentHolds' | 'agreement'>): RuleCode {
  if (!decision.consentHolds) return 'referral.consent_inactive';
  if (decision.agreement < 0) return 'referral.agreement_not_in_force';
  // The sender did not share it, or the consent and the agreement no longer both allow it.
  return 'referral.category_not_shared';
}

/** When a break-glass grant made at `grantedAt` ends: it opens the subject for reading, for a bounded time. */
export const breakGlassExpiry = (grantedAt: Date, minutes: number): Date => new Date(grantedAt.getTime() + minutes * 60_000);

// ── 2. Need-to-know ───────────────────────────────────────────────────────────────────────

/** Roles that work on cases: they see personal data, within need-to-know and consent. */
export const CASE_ROLES = ['caseworker', 'supervisor', 'child_protection_officer'] as const;
/** Whether an account with these roles works on cases: it may be assigned one, and sees case data within need-to-know. */
export const worksOnCases = (roles: readonly string[]): boolean => roles.some((r) => (CASE_ROLES as readonly string[]).includes(r));
export const DATA_CATEGORY_FIELDS = DATA_CATEGORIES;
/** The non-personal part of a subject record: reference, assignment, timestamps. */
export const SUMMARY_FIELD = 'summary';

type Scope = { rule: Extract<RuleCode, `need_to_know.${string}` | 'break_glass'>; conditions: Record<string, unknown> };

/**
 * The need-to-know scopes of a principal inside its agency: the subjects it may work on and why.
 * Break-glass scopes allow reading only.
 */
export function needToKnowScopes(principal: Principal, facts: PolicyFacts = {}): { work: Scope[]; breakGlass: Scope[] } {
  const work: Scope[] = [];
  const breakGlass: Scope[] = [];
  if (!principal.agencyId || !worksOnCases(principal.roles)) return { work, breakGlass };
  if (principal.kind === 'client') {
    // An agency's system works on the subjects it brought in.
    work.push({ rule: 'need_to_know.registered_by_client', conditions: { createdBy: principal.id } });
    return { work, breakGlass };
  }
  work.push({ rule: 'need_to_know.assigned', conditions: { assignedUserId: principal.id } });
  if (principal.roles.includes('supervisor') && facts.team) work.push({ rule: 'need_to_know.team', conditions: { team: facts.team } });
  if (facts.breakGlassSubjectIds?.length) breakGlass.push({ rule: 'break_glass', conditions: { id: { $in: [...facts.breakGlassSubjectIds] } } });
  return { work, breakGlass };
}

// ── 3. The ability ────────────────────────────────────────────────────────────────────────

/**
 * The ability of a principal: one pure function of who it is and the facts loaded for the
 * request. Personal data is read by category (`permittedFieldsOf`), only inside the principal's
 * own agency, only within need-to-know, and only for categories an active consent (or another
 * legal basis recorded as one) covers; it is recorded (registered, updated) within need-to-know.
 * The hub operator, privacy officers and administrators get no case data. Every rule that grants
 * a read of personal data or of the log names itself with `because`.
 */
export function defineAbilityFor(principal: Principal, facts: PolicyFacts = {}): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);

  // The catalogue of agencies and the services they offer is open to every principal: it routes referrals.
  can('read', 'Agency');
  can('read', 'AgencyServices');

  if (principal.kind === 'hub_operator') {
    // The operator runs the network (agencies, catalogue, agreements) and is never given a rule on case data.
    can(['create', 'update'], 'Agency');
    can('update', 'AgencyServices');
    can(['create', 'read', 'terminate'], 'Agreement');
    // An agency's first administrator, who then activates the account with a one-time code.
    can('create', 'User', { roles: { $all: ['agency_admin'], $size: 1 } });
    return build();
  }

  const agencyId = principal.agencyId;
  if (!agencyId) return build();
  if (principal.kind === 'system') {
    // The daily retention job acting in one agency: it erases or anonymises the agency's subjects
    // whose closed case is due under the agency's schedule (issue 22, item 4), and nothing else.
    can('erase', 'Subject', { agencyId }).because('retention.due');
    return build();
  }
  const roles = principal.roles;

  // An agency sees the agreements it is party to, whichever side it is on.
  can('read', 'Agreement', { agencyId });
  can('read', 'Agreement', { recipientAgencyId: agencyId });
  // Everyone may read their own account.
  if (principal.kind === 'user') can('read', 'User', { agencyId, id: principal.id }).because('identity.own_agency');

  if (roles.includes('agency_admin')) {
    can(['create', 'read', 'disable', 'reset'], 'User', { agencyId });
    can(['create', 'read', 'revoke', 'rotate_secret'], 'ApiClient', { agencyId });
    can('manage', 'Webhook', { agencyId });
    // The agency's witnesses of the hub's access log: their keys are registered by its administrators.
    can(['create', 'read', 'revoke'], 'LogWitness', { agencyId });
  }
  // A cosignature is its key's statement; the agency's own systems post them for its keys.
  can('cosign', 'LogWitness', { agencyId });
  // Every agency's witness keys are public: anyone may know of them (a refusal on one is 403).
  can('know', 'LogWitness');
  // The agency's event feed carries ids and states only; every principal of the agency may follow it.
  can('read', 'Event', { agencyId }).because('events.feed');
  // The agency's own referral figures: for those who run or review its work.
  if (['agency_admin', 'supervisor', 'privacy_officer', 'intake_focal_point'].some((r) => roles.includes(r))) can('read', 'Figures', { agencyId }).because('figures.aggregate');

  // Retention (issue 22, item 4): the privacy officer sets how long closed cases keep personal data
  // (a data-protection decision, within the legal minimum the hub operator sets for the agency);
  // the privacy officer and the administrator read the schedule, the week's forecast and the runs
  // (ids and references only). An agency's system and its case roles do neither.
  if (principal.kind === 'user' && roles.includes('privacy_officer')) can(['read', 'update'], 'Retention', { agencyId }).because('retention.schedule');
  if (principal.kind === 'user' && roles.includes('agency_admin')) can('read', 'Retention', { agencyId }).because('retention.report');

  // Case data, by need-to-know and consent.
  const { work, breakGlass } = needToKnowScopes(principal, facts);
  if (work.length > 0 || roles.includes('intake_focal_point')) can('create', 'Subject', { agencyId });
  for (const scope of work) {
    can('read', 'Subject', [SUMMARY_FIELD], { agencyId, ...scope.conditions }).because(scope.rule);
    // Recording what the agency learns of its own subject needs need-to-know only; reading a
    // category back needs, besides, a consent or another legal basis covering it now.
    can('update', 'Subject', [...DATA_CATEGORY_FIELDS], { agencyId, ...scope.conditions }).because(scope.rule);
    for (const category of DATA_CATEGORY_FIELDS) can('read', 'Subject', [category], { agencyId, ...scope.conditions, consentedCategories: category }).because(scope.rule);
    // Documents are the subject's data in their category: added as the category is recorded (need-to-know),
    // listed and downloaded as it is read (need-to-know and a consent or other basis covering it now).
    can('create', 'Document', [...DATA_CATEGORY_FIELDS], { agencyId, ...scope.conditions }).because(scope.rule);
    for (const category of DATA_CATEGORY_FIELDS) can(['read', 'download'], 'Document', [category], { agencyId, ...scope.conditions, consentedCategories: category }).because(scope.rule);
    can(['read', 'withdraw'], 'Consent', { agencyId, ...scope.conditions }).because(scope.rule);
    // A best-interests determination is a child-protection decision.
    if (roles.includes('child_protection_officer')) can('create', 'Consent', { agencyId, ...scope.conditions }).because(scope.rule);
    else can('create', 'Consent', { agencyId, ...scope.conditions, grantedBy: { $ne: 'best_interests_determination' } }).because(scope.rule);
  }
  for (const scope of breakGlass) {
    can('read', 'Subject', [SUMMARY_FIELD], { agencyId, ...scope.conditions }).because(scope.rule);
    for (const category of DATA_CATEGORY_FIELDS) can('read', 'Subject', [category], { agencyId, ...scope.conditions, consentedCategories: category }).because(scope.rule);
    for (const category of DATA_CATEGORY_FIELDS) can(['read', 'download'], 'Document', [category], { agencyId, ...scope.conditions, consentedCategories: category }).because(scope.rule);
  }
  if (principal.kind === 'user' && work.length > 0) can('break_glass', 'Subject', { agencyId }).because('break_glass.granted');

  // Referrals, sending side: whoever works on the subject sends and withdraws; privacy officers see metadata.
  for (const scope of work) can(['send', 'read', 'withdraw'], 'Referral', { agencyId, ...scope.conditions }).because(scope.rule);
  // The referral's conversation, sending side: the people who work on the subject (people only:
  // an agency's system does not converse).
  if (principal.kind === 'user') for (const scope of work) can('converse', 'Referral', { agencyId, ...scope.conditions }).because(scope.rule);
  if (roles.includes('privacy_officer')) can('read', 'Referral', { agencyId }).because('privacy_officer.review');

  // Receiving side: the intake focal point triages and accepts; supervisors too, and assign; the
  // assigned caseworker works the case and, while it is open, reads what it shares (see
  // `sharedCategories`: what the sender shared, cut to the consent and the agreement in force).
  const triages = roles.includes('intake_focal_point') || roles.includes('supervisor');
  if (triages) can(['read', 'accept', 'decline', 'assign'], 'Referral', { recipientAgencyId: agencyId });
  // The conversation, receiving side: its focal point and supervisors, and the assigned caseworker (below).
  if (triages && principal.kind === 'user') can('converse', 'Referral', { recipientAgencyId: agencyId }).because('referral.conversation');
  // Referring the person on to a third agency: the receiver's focal point and supervisors, and the assigned caseworker (below).
  if (triages) can('refer_onward', 'Referral', { recipientAgencyId: agencyId }).because('referral.onward');
  if (principal.kind === 'user' && work.length > 0) {
    can(['read', 'start', 'complete', 'converse', 'refer_onward'], 'Referral', { recipientAgencyId: agencyId, recipientAssigneeId: principal.id }).because('need_to_know.assigned');
    for (const category of DATA_CATEGORY_FIELDS) {
      can('read', 'ReferredSubject', [category], { recipientAgencyId: agencyId, recipientAssigneeId: principal.id, open: true, readableCategories: category }).because('referral.shared');
      // A referred subject's documents: exactly as the category they are filed under.
      can(['read', 'download'], 'ReferredDocument', [category], { recipientAgencyId: agencyId, recipientAssigneeId: principal.id, open: true, readableCategories: category }).because('referral.shared');
    }
  }
  if (roles.includes('supervisor') && facts.team) {
    can(['read', 'start', 'complete'], 'Referral', { recipientAgencyId: agencyId, recipientTeam: facts.team }).because('need_to_know.team');
    for (const category of DATA_CATEGORY_FIELDS) {
      can('read', 'ReferredSubject', [category], { recipientAgencyId: agencyId, recipientTeam: facts.team, open: true, readableCategories: category }).because('referral.shared');
      can(['read', 'download'], 'ReferredDocument', [category], { recipientAgencyId: agencyId, recipientTeam: facts.team, open: true, readableCategories: category }).because('referral.shared');
    }
  }
  if (roles.includes('privacy_officer')) can('read', 'Referral', { recipientAgencyId: agencyId }).because('privacy_officer.review');
  // The person's withdrawal of the consent a received referral rests on, recorded on the spot from the
  // printed receipt's QR code, in the owner's records: a person of the receiving agency who works the
  // referral (its focal point and supervisors, its assigned caseworker); never an agency's system.
  if (principal.kind === 'user') {
    if (triages) can('record_withdrawal', 'Referral', { recipientAgencyId: agencyId }).because('consent.withdrawal_by_recipient');
    if (work.length > 0) can('record_withdrawal', 'Referral', { recipientAgencyId: agencyId, recipientAssigneeId: principal.id }).because('consent.withdrawal_by_recipient');
  }

  // Transfers of responsibility, sending side: whoever works on the subject hands the case over,
  // sees the transfer and cancels it while pending. Receiving side: the intake focal point and
  // supervisors see, accept and decline it. Privacy officers of either side see it.
  for (const scope of work) {
    can('transfer', 'Subject', { agencyId, ...scope.conditions }).because(scope.rule);
    can(['read', 'cancel'], 'Transfer', { agencyId, ...scope.conditions }).because(scope.rule);
  }
  if (triages) can(['read', 'accept', 'decline'], 'Transfer', { recipientAgencyId: agencyId });
  if (roles.includes('privacy_officer')) {
    can('read', 'Transfer', { agencyId }).because('privacy_officer.review');
    can('read', 'Transfer', { recipientAgencyId: agencyId }).because('privacy_officer.review');
  }
  if (roles.includes('supervisor') && facts.team) can('assign', 'Subject', { agencyId, team: facts.team }).because('supervisor.assign');
  if (roles.includes('supervisor')) can('assign', 'Subject', { agencyId, assignedUserId: principal.id }).because('supervisor.assign');

  // Erasure of a subject (the person's request, or the end of its retention): the subject's
  // supervisor, who knows the case (need-to-know), and the agency's privacy officer, who handles
  // the person's rights requests without reading the data. A caseworker may not: erasing is a
  // decision over the case, not work on it. Legal holds (which stop an erasure) the same people
  // place and release.
  if (roles.includes('supervisor') && principal.kind === 'user')
    for (const scope of work) can(['erase', 'hold'], 'Subject', { agencyId, ...scope.conditions }).because(scope.rule);
  if (roles.includes('privacy_officer')) can(['erase', 'hold'], 'Subject', { agencyId }).because('privacy_officer.rights_request');
  // The receiving agency attests that it purged an erased subject's data: its intake focal point,
  // supervisors and privacy officer, or its own system (an API client) that did the purge.
  if (triages || roles.includes('privacy_officer') || principal.kind === 'client') can('attest_purge', 'Referral', { recipientAgencyId: agencyId }).because('purge.attest');

  // Privacy officers review consents and the access log, never the personal data itself; they
  // know of every subject of their agency (its consents, its "who saw my data" report).
  if (roles.includes('privacy_officer')) {
    can('know', 'Subject', { agencyId }).because('privacy_officer.subject_report');
    can('read', 'Consent', { agencyId }).because('privacy_officer.review');
    can('read', 'AccessEvent', { agencyId }).because('privacy_officer.review');
    can('read', 'AccessEvent', { owningAgencyId: agencyId }).because('privacy_officer.review');
  }
  return build();
}

// ── 4. Explanations, from CASL ────────────────────────────────────────────────────────────

/** The rule CASL finds granting `action` on this record (and field), by the name it was given. */
export function grantingRule<T extends SubjectType>(ability: AppAbility, action: Action, type: T, record: SubjectRecords[T], field?: string): RuleCode | null {
  const rule = ability.relevantRuleFor(action, tag(type, record), field);
  return rule && !rule.inverted ? ((rule.reason as RuleCode | undefined) ?? null) : null;
}

/**
 * Whether the principal works on the subject, whatever basis covers its data now (asked as if every
 * category were consented): need-to-know, not emergency access. Who may produce the person's file,
 * since a person who withdrew every consent still has the right to know what is held. Refused, the
 * rule a read would be refused by (`need_to_know` for emergency access).
 */
export function explainWorksOnSubject(principal: Principal, ability: AppAbility, record: SubjectRecords['Subject']): { decision: 'allow' | 'deny'; rule: RuleCode } {
  const consented = { ...record, consentedCategories: [...DATA_CATEGORIES] };
  const read = explainSubjectRead(principal, ability, consented, DATA_CATEGORIES[0]);
  if (read.decision === 'allow') return read.rule === 'break_glass' ? { decision: 'deny', rule: 'need_to_know' } : read;
  return read;
}

/**
 * Which rule decides a read of one category of a subject's personal data. Allowed: the rule CASL
 * found (assigned, team, the agency's system, break-glass). Refused: the first thing CASL itself
 * says is missing, by asking it again of the same record with one fact changed — the record in the
 * principal's agency, then every category consented. `consentStates` says why a category is not
 * covered now.
 */
export function explainSubjectRead(
  principal: Principal,
  ability: AppAbility,
  record: SubjectRecords['Subject'],
  category: string,
  consentStates: Partial<Record<string, ConsentState>> = {},
): { decision: 'allow' | 'deny'; rule: RuleCode } {
  const granted = grantingRule(ability, 'read', 'Subject', record, category);
  if (granted) return { decision: 'allow', rule: granted };
  const deny = (rule: RuleCode) => ({ decision: 'deny' as const, rule });
  if (principal.kind === 'hub_operator') return deny('hub_operator.no_case_data');
  if (record.agencyId !== principal.agencyId) return deny('tenant_isolation');
  if (ability.rulesFor('read', 'Subject', category).length === 0) return deny('role.no_case_data');
  if (!grantingRule(ability, 'read', 'Subject', { ...record, consentedCategories: [category] }, category)) return deny('need_to_know');
  return deny(consentRefusal(consentStates[category]));
}

/**
 * Why a receiving agency may or may not read a category of a referred subject: the `ReferredSubject`
 * rule CASL finds for the record as it stands; refused, CASL is asked again as if the category
 * were readable (not assigned?), then as if the referral were open too (closed?), and what is left
 * is the consent, the agreement or what was shared (`referredRefusal`).
 */
export function explainReferredRead(
  ability: AppAbility,
  record: SubjectRecords['ReferredSubject'],
  category: string,
  decision: Pick<ReferralDecision, 'consentHolds' | 'agreement'>,
): RuleCode {
  const granted = grantingRule(ability, 'read', 'ReferredSubject', record, category);
  if (granted) return granted;
  const readable = { ...record, readableCategories: [category] };
  if (!grantingRule(ability, 'read', 'ReferredSubject', { ...readable, open: true }, category)) return 'referral.not_assigned';
  if (!record.open) return 'referral.not_open';
  return referredRefusal(decision);
}
