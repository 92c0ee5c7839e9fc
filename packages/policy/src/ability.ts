import { AbilityBuilder, createMongoAbility, subject as asSubject, type ForcedSubject, type MongoAbility } from '@casl/ability';
import { PonteError } from '@ponte/contracts';

export type Action =
  | 'read'
  | 'create'
  | 'update'
  | 'disable'
  | 'revoke'
  | 'terminate'
  | 'manage'
  | 'assign'
  | 'withdraw'
  | 'break_glass'
  | 'send'
  | 'accept'
  | 'decline'
  | 'start'
  | 'complete'
  /** Knowing a record exists without reading it (see `mayKnow`). */
  | 'know';

/** The shapes CASL sees: domain records with camelCase attributes. */
export interface AgencyRecord {
  id: string;
}
export interface AgencyServicesRecord {
  agencyId: string;
}
export interface AgreementRecord {
  agencyId: string;
  recipientAgencyId: string;
}
export interface UserRecord {
  agencyId: string;
  id: string;
}
export interface ApiClientRecord {
  agencyId: string;
  id: string;
}

/** A data subject as the rules see it: who owns it, who it is assigned to, what consent covers now. */
export interface SubjectRecord {
  agencyId: string;
  id: string;
  assignedUserId: string | null;
  team: string | null;
  createdBy: string;
  /** Categories an active, unexpired, unwithdrawn consent covers at the time of the request. */
  consentedCategories: string[];
}

/** A consent record, with the attributes of its subject that decide need-to-know. */
export interface ConsentRecord {
  agencyId: string;
  subjectId: string;
  assignedUserId: string | null;
  team: string | null;
  createdBy: string;
  grantedBy: string;
}

/**
 * A referral as the rules see it: the sender's side (the subject's need-to-know attributes) and
 * the receiver's (who it is assigned to there).
 */
export interface ReferralRecord {
  agencyId: string;
  recipientAgencyId: string;
  status: string;
  assignedUserId: string | null;
  team: string | null;
  createdBy: string;
  recipientAssigneeId: string | null;
  recipientTeam: string | null;
}

/**
 * A referred subject as the receiving agency sees it. `readableCategories` is what the referral
 * shares, cut to what an active consent and an agreement in force still allow right now.
 */
export interface ReferredSubjectRecord {
  recipientAgencyId: string;
  recipientAssigneeId: string | null;
  recipientTeam: string | null;
  open: boolean;
  readableCategories: string[];
}

export interface AccessEventRecord {
  agencyId: string;
  owningAgencyId: string | null;
}

export type SubjectType = keyof SubjectRecords;
type TaggedRecord = { [K in SubjectType]: SubjectRecords[K] & ForcedSubject<K> }[SubjectType];
export type AppAbility = MongoAbility<[Action, SubjectType | TaggedRecord]>;

export interface Principal {
  kind: 'user' | 'client' | 'hub_operator';
  id: string;
  /** The agency the principal acts for; undefined for the hub operator. */
  agencyId?: string | undefined;
  roles: readonly string[];
}

/** Facts about the principal, loaded per request, from which the ability is built. */
export interface PolicyFacts {
  /** The user's team inside the agency, for supervisors. */
  team?: string | null | undefined;
  /** Subjects the user holds an unexpired break-glass grant for. */
  breakGlassSubjectIds?: readonly string[] | undefined;
}

/** Roles that work on cases: they see personal data, within need-to-know and consent. */
export const CASE_ROLES = ['caseworker', 'supervisor', 'child_protection_officer'] as const;
export const DATA_CATEGORY_FIELDS = ['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal'] as const;
/** The non-personal part of a subject record: reference, assignment, timestamps. */
export const SUMMARY_FIELD = 'summary';

type Scope = { rule: string; conditions: Record<string, unknown> };

/**
 * The need-to-know scopes of a principal inside its agency: the subjects it may work on and why.
 * Break-glass scopes allow reading only.
 */
export function needToKnowScopes(principal: Principal, facts: PolicyFacts = {}): { work: Scope[]; breakGlass: Scope[] } {
  const work: Scope[] = [];
  const breakGlass: Scope[] = [];
  const onCases = principal.roles.some((r) => (CASE_ROLES as readonly string[]).includes(r));
  if (!principal.agencyId || !onCases) return { work, breakGlass };
  if (principal.kind === 'client') {
    // An agency's system works on the subjects it brought in.
    work.push({ rule: 'need_to_know.registered_by_client', conditions: { createdBy: principal.id } });
    return { work, breakGlass };
  }
  work.push({ rule: 'need_to_know.assigned', conditions: { assignedUserId: principal.id } });
  if (principal.roles.includes('supervisor') && facts.team) work.push({ rule: 'need_to_know.team', conditions: { team: facts.team } });
  if (facts.breakGlassSubjectIds?.length)
    breakGlass.push({ rule: 'break_glass', conditions: { id: { $in: [...facts.breakGlassSubjectIds] } } });
  return { work, breakGlass };
}

/**
 * The ability of a principal: one pure function of who it is and the facts loaded for the
 * request. Personal data is read by category (`permittedFieldsOf`), only inside the
 * principal's own agency, only within need-to-know, and only for categories an active
 * consent (or another legal basis recorded as one) covers; it is recorded (registered, updated)
 * within need-to-know. The hub operator, privacy officers and administrators get no case data.
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
    return build();
  }

  const agencyId = principal.agencyId;
  if (!agencyId) return build();
  const roles = principal.roles;

  // An agency sees the agreements it is party to, whichever side it is on.
  can('read', 'Agreement', { agencyId });
  can('read', 'Agreement', { recipientAgencyId: agencyId });
  // Everyone may read their own account.
  if (principal.kind === 'user') can('read', 'User', { agencyId, id: principal.id });

  if (roles.includes('agency_admin')) {
    can(['create', 'read', 'disable'], 'User', { agencyId });
    can(['create', 'read', 'revoke'], 'ApiClient', { agencyId });
    can('manage', 'Webhook', { agencyId });
  }
  // The agency's event feed carries ids and states only; every principal of the agency may follow it.
  can('read', 'Event', { agencyId });
  // The agency's own referral figures: for those who run or review its work.
  if (['agency_admin', 'supervisor', 'privacy_officer', 'intake_focal_point'].some((r) => roles.includes(r))) can('read', 'Figures', { agencyId });

  // Case data, by need-to-know and consent.
  const { work, breakGlass } = needToKnowScopes(principal, facts);
  if (work.length > 0 || roles.includes('intake_focal_point')) can('create', 'Subject', { agencyId });
  for (const scope of work) {
    can('read', 'Subject', [SUMMARY_FIELD], { agencyId, ...scope.conditions });
    // Recording what the agency learns of its own subject needs need-to-know only; reading a
    // category back needs, besides, a consent or another legal basis covering it now.
    can('update', 'Subject', [...DATA_CATEGORY_FIELDS], { agencyId, ...scope.conditions });
    for (const category of DATA_CATEGORY_FIELDS) can('read', 'Subject', [category], { agencyId, ...scope.conditions, consentedCategories: category });
    can(['read', 'withdraw'], 'Consent', { agencyId, ...scope.conditions });
    // A best-interests determination is a child-protection decision.
    if (roles.includes('child_protection_officer')) can('create', 'Consent', { agencyId, ...scope.conditions });
    else can('create', 'Consent', { agencyId, ...scope.conditions, grantedBy: { $ne: 'best_interests_determination' } });
  }
  for (const scope of breakGlass) {
    can('read', 'Subject', [SUMMARY_FIELD], { agencyId, ...scope.conditions });
    for (const category of DATA_CATEGORY_FIELDS)
      can('read', 'Subject', [category], { agencyId, ...scope.conditions, consentedCategories: category });
  }
  if (principal.kind === 'user' && work.length > 0) can('break_glass', 'Subject', { agencyId });

  // Referrals, sending side: whoever works on the subject sends and withdraws; privacy officers see metadata.
  for (const scope of work) can(['send', 'read', 'withdraw'], 'Referral', { agencyId, ...scope.conditions });
  if (roles.includes('privacy_officer')) can('read', 'Referral', { agencyId });

  // Receiving side: the intake focal point triages and accepts; supervisors too, and assign; the
  // assigned caseworker works the case and reads what it shares, while it is open.
  const triages = roles.includes('intake_focal_point') || roles.includes('supervisor');
  if (triages) {
    can(['read', 'accept', 'decline'], 'Referral', { recipientAgencyId: agencyId });
    can('assign', 'Referral', { recipientAgencyId: agencyId });
  }
  if (principal.kind === 'user' && work.length > 0) {
    can(['read', 'start', 'complete'], 'Referral', { recipientAgencyId: agencyId, recipientAssigneeId: principal.id });
    for (const category of DATA_CATEGORY_FIELDS)
      can('read', 'ReferredSubject', [category], { recipientAgencyId: agencyId, recipientAssigneeId: principal.id, open: true, readableCategories: category });
  }
  if (roles.includes('supervisor') && facts.team) {
    can(['read', 'start', 'complete'], 'Referral', { recipientAgencyId: agencyId, recipientTeam: facts.team });
    for (const category of DATA_CATEGORY_FIELDS)
      can('read', 'ReferredSubject', [category], { recipientAgencyId: agencyId, recipientTeam: facts.team, open: true, readableCategories: category });
  }
  if (roles.includes('privacy_officer')) can('read', 'Referral', { recipientAgencyId: agencyId });
  if (roles.includes('supervisor') && facts.team) can('assign', 'Subject', { agencyId, team: facts.team });
  if (roles.includes('supervisor')) can('assign', 'Subject', { agencyId, assignedUserId: principal.id });

  // Privacy officers review consents and the access log, never the personal data itself; they
  // know of every subject of their agency (its consents, its "who saw my data" report).
  if (roles.includes('privacy_officer')) {
    can('know', 'Subject', { agencyId });
    can('read', 'Consent', { agencyId });
    can('read', 'AccessEvent', { agencyId });
    can('read', 'AccessEvent', { owningAgencyId: agencyId });
  }
  return build();
}

/** An agency's own integration resources: its event feed and webhook endpoints. */
export interface AgencyOwnedRecord {
  agencyId: string;
}

export interface SubjectRecords {
  Event: AgencyOwnedRecord;
  Webhook: AgencyOwnedRecord;
  Figures: AgencyOwnedRecord;
  Subject: SubjectRecord;
  Referral: ReferralRecord;
  ReferredSubject: ReferredSubjectRecord;
  Consent: ConsentRecord;
  AccessEvent: AccessEventRecord;
  Agency: AgencyRecord;
  AgencyServices: AgencyServicesRecord;
  Agreement: AgreementRecord;
  User: UserRecord;
  ApiClient: ApiClientRecord;
}

/** The record as CASL sees it: a copy tagged with its subject type. */
export function tag<T extends SubjectType>(type: T, record: SubjectRecords[T]): TaggedRecord {
  return asSubject(type, { ...record }) as unknown as TaggedRecord;
}

/**
 * Whether the principal may know this record exists: it may read it, or read of it (a privacy
 * officer knows its agency's subjects). The one rule for refusals turns on it: a record the
 * principal may not know of is `not_found`, so its existence is not disclosed; one it may know of
 * is `forbidden`.
 */
export function mayKnow<T extends SubjectType>(ability: AppAbility, type: T, record: SubjectRecords[T]): boolean {
  const tagged = tag(type, record);
  return ability.can('read', tagged) || ability.can('know', tagged);
}

/**
 * The refusal of something the ability does not allow on a record: `not_found` unless the
 * principal may know the record exists (`mayKnow`), `forbidden` then; both name the rule.
 */
export function refusalOn<T extends SubjectType>(ability: AppAbility, type: T, record: SubjectRecords[T], rule: string, forbidden: { en: string; pt: string }): PonteError {
  if (mayKnow(ability, type, record)) return new PonteError('forbidden', forbidden, undefined, { rule });
  return new PonteError('not_found', { en: `No such ${type}`, pt: `Recurso inexistente (${type})` }, undefined, { rule });
}

/**
 * Throws unless the ability allows `action` on this record: `not_found` when the principal may not
 * know the record exists, `forbidden` when it may.
 */
export function ensureCan<T extends SubjectType>(ability: AppAbility, action: Action, type: T, record: SubjectRecords[T]): void {
  const tagged = tag(type, record);
  if (ability.can(action, tagged)) return;
  if (mayKnow(ability, type, record)) {
    throw new PonteError('forbidden', {
      en: `Your role does not allow '${action}' on this ${type}`,
      pt: `A sua função não permite '${action}' neste recurso (${type})`,
    }, undefined, { rule: `${type}.${action}` });
  }
  throw new PonteError('not_found', { en: `No such ${type}`, pt: `Recurso inexistente (${type})` });
}

/** For creation, where no record exists yet: the would-be record is checked. */
export const ensureCanCreate = <T extends SubjectType>(ability: AppAbility, type: T, record: SubjectRecords[T]) => {
  if (ability.can('create', tag(type, record))) return;
  throw new PonteError('forbidden', {
    en: `Your role does not allow creating a ${type} here`,
    pt: `A sua função não permite criar este recurso (${type}) aqui`,
  }, undefined, { rule: `${type}.create` });
};

/**
 * For lists: the caller may read every record of this type in the scope (an agency's users,
 * say), checked against a record that stands for "any other" one. A refusal is `forbidden`:
 * the list exists, the caller may not read it.
 */
export function ensureCanList<T extends SubjectType>(ability: AppAbility, type: T, anyRecord: SubjectRecords[T]): void {
  if (ability.can('read', tag(type, anyRecord))) return;
  throw new PonteError('forbidden', {
    en: `Your role does not allow listing ${type} records`,
    pt: `A sua função não permite listar estes recursos (${type})`,
  }, undefined, { rule: `${type}.list` });
}
