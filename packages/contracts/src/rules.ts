import { CONSENT_STATUSES } from './consent';

/**
 * The names of the rules the hub decides by. One closed set: a denial or a grant is named by one
 * `RuleCode` in the API's problem documents, in the access log, in the flags and in the console's
 * words for it. Families are built from the closed sets of their parts, so the set stays closed
 * and enumerable (`RULE_CODES`).
 */

/** The record types the policy decides on. */
export const RECORD_TYPES = [
  'Event',
  'Webhook',
  'Figures',
  'Subject',
  'Referral',
  'ReferredSubject',
  'Document',
  'ReferredDocument',
  'Consent',
  'AccessEvent',
  'Agency',
  'AgencyServices',
  'Agreement',
  'User',
  'ApiClient',
  'LogWitness',
  'Account',
  'Transfer',
  'Retention',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** What a principal may do to a record (`know`: knowing it exists without reading it). */
export const POLICY_ACTIONS = [
  'read',
  'create',
  'update',
  'disable',
  'revoke',
  'terminate',
  'manage',
  'assign',
  'withdraw',
  'break_glass',
  'send',
  'accept',
  'decline',
  'start',
  'complete',
  'know',
  'cosign',
  'activate',
  'change_password',
  'reset',
  'enrol_second_factor',
  'lock',
  'rotate_secret',
  'delete',
  'converse',
  'download',
  'transfer',
  'cancel',
  'refer_onward',
  'record_withdrawal',
  'erase',
  'hold',
  'attest_purge',
] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** The steps of a referral a principal takes (drafting aside). */
export const REFERRAL_STEPS = ['send', 'accept', 'decline', 'assign', 'start', 'complete', 'withdraw'] as const;
export type ReferralStep = (typeof REFERRAL_STEPS)[number];

/** The views a referral is read in. */
export const REFERRAL_VIEWS = ['sender', 'triage', 'receiver', 'metadata'] as const;
export type ReferralView = (typeof REFERRAL_VIEWS)[number];

/** The checks a referral must pass to be sent or accepted, as named on the failing field. */
export const REFERRAL_CHECKS = [
  'recipient_offers_service',
  'agreement_in_force',
  'known_consent',
  'consent_names_recipient',
  'consent_covers_purpose',
  'shared_categories_empty',
  ...CONSENT_STATUSES.filter((s): s is Exclude<typeof s, 'active'> => s !== 'active').map((s) => `consent_${s}` as const),
] as const;
export type ReferralCheck = (typeof REFERRAL_CHECKS)[number];

/** Why a signed token or consent receipt was refused. */
export const TOKEN_REJECTIONS = ['malformed', 'algorithm', 'type', 'signature', 'expired', 'not_yet_valid', 'issuer', 'audience', 'claims'] as const;
export type TokenRejection = (typeof TOKEN_REJECTIONS)[number];

/** Why no consent covers a category now: its most telling state, or none at all. */
export const CONSENT_REFUSALS = ['absent', 'withdrawn', 'expired', 'superseded', 'not_yet_valid'] as const;
export type ConsentRefusal = (typeof CONSENT_REFUSALS)[number];

/** What a list or count read covered; how many records it returned is kept beside the rule. */
export const TALLIED = ['subjects', 'referrals'] as const;

/** The rules named by themselves. */
export const FIXED_RULES = [
  'tenant_isolation',
  'need_to_know',
  'need_to_know.assigned',
  'need_to_know.team',
  'need_to_know.registered_by_client',
  'break_glass',
  'break_glass.granted',
  'consent.already_withdrawn',
  'consent.read',
  'consent.record',
  'consent.withdraw',
  'consent.best_interests_needs_child_protection_officer',
  'subject.register',
  'subject.update',
  'role.no_case_data',
  'role.read_only',
  'role.not_privacy_officer',
  'role.cannot_assign',
  'role.cannot_withdraw',
  'role.cannot_register_subjects',
  'hub_operator.no_case_data',
  'supervisor.assign',
  'identity.own_agency',
  'privacy_officer.review',
  'privacy_officer.subject_report',
  'events.feed',
  'figures.aggregate',
  'retention.schedule',
  'retention.report',
  'retention.below_legal_minimum',
  'retention.due',
  'webhook.register',
  'webhook.replay',
  'webhook.update',
  'webhook.pause',
  'webhook.resume',
  'webhook.delete',
  'webhook.ping',
  'webhook.rotate_secret',
  'receipt.verified',
  'receipt.unknown_consent',
  'referral.sent',
  'referral.drafted',
  'referral.shared',
  'referral.category_not_shared',
  'referral.not_assigned',
  'referral.not_open',
  'referral.consent_inactive',
  'referral.agreement_not_in_force',
  'referral.read_subject_in_own_agency',
  'referral.duplicate_open',
  'referral.transition_not_allowed',
  'referral.conversation',
  'referral.conversation_closed',
  'referral.converse_not_allowed',
  'referral.message_personal_data',
  'subject.transferred',
  'subject.transfer_requested',
  'subject.transfer_accepted',
  'subject.transfer_declined',
  'subject.transfer_cancelled',
  'subject.transfer_received',
  'transfer.check_failed',
  'transfer.open_referral_to_recipient',
  'transfer.already_pending',
  'transfer.transition_not_allowed',
  'referral.onward',
  'referral.onward_sent',
  'referral.onward_not_allowed',
  'referral.onward_parent_not_accepted',
  'referral.onward_consent_not_covering',
  'referral.onward_categories_beyond_parent',
  'referral.onward_to_owner',
  'document.title_personal_data',
  'consent.withdrawal_by_recipient',
  'consent.withdrawal_not_held',
  'role.cannot_record_withdrawal',
  'subject.erase',
  'subject.erased',
  'subject.legal_hold',
  'privacy_officer.rights_request',
  'legal_hold.place',
  'legal_hold.release',
  'legal_hold.already_active',
  'legal_hold.not_active',
  'purge.requested',
  'purge.attest',
  'purge.attested',
  'purge.already_attested',
  'purge.not_requested',
  'purge.unattested',
] as const;
export type FixedRule = (typeof FIXED_RULES)[number];

const product = <A extends string, B extends string, S extends string>(as: readonly A[], bs: readonly B[], sep: S) =>
  as.flatMap((a) => bs.map((b) => `${a}${sep}${b}` as `${A}${S}${B}`));

/** Every rule the hub can name. */
export const RULE_CODES = [
  ...FIXED_RULES,
  ...REFERRAL_STEPS.map((s) => `referral.${s}` as const),
  ...REFERRAL_STEPS.map((s) => `referral.${s}_not_allowed` as const),
  ...REFERRAL_VIEWS.map((v) => `referral.view.${v}` as const),
  ...REFERRAL_CHECKS.map((c) => `referral.${c}` as const),
  ...TOKEN_REJECTIONS.map((r) => `receipt.${r}` as const),
  ...CONSENT_REFUSALS.map((s) => `consent.${s}` as const),
  ...product(['list', 'count'] as const, TALLIED, '.'),
  ...product(RECORD_TYPES, [...POLICY_ACTIONS, 'list'] as const, '.'),
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(RULE_CODES);
/** Whether a string read back (from the log, say) is a rule the hub names today. */
export const isRuleCode = (value: string): value is RuleCode => KNOWN.has(value);
