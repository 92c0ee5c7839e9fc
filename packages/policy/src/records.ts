import { subject as asSubject, type ForcedSubject, type MongoAbility } from '@casl/ability';
import type { PolicyAction, RecordType } from '@ponte/contracts';

/** What a principal may do to a record; `know`: knowing a record exists without reading it (see `mayKnow`). */
export type Action = PolicyAction;

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
  /** The roles the account has or is to have. */
  roles?: string[] | undefined;
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

/**
 * A transfer of responsibility as the rules see it: the sending side (the subject's need-to-know
 * attributes, null where the reader cannot see the subject) and the receiving agency.
 */
export interface TransferRecord {
  agencyId: string;
  recipientAgencyId: string;
  assignedUserId: string | null;
  team: string | null;
  createdBy: string | null;
}

export interface AccessEventRecord {
  agencyId: string;
  owningAgencyId: string | null;
}

export type SubjectType = RecordType;
type TaggedRecord = { [K in SubjectType]: SubjectRecords[K] & ForcedSubject<K> }[SubjectType];
export type AppAbility = MongoAbility<[Action, SubjectType | TaggedRecord]>;

export interface Principal {
  /** `system`: the hub's own job acting in one agency (the retention job), never a person or a client. */
  kind: 'user' | 'client' | 'hub_operator' | 'system';
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

/** An agency's own integration resources: its event feed, webhook endpoints and witness keys. */
export interface AgencyOwnedRecord {
  agencyId: string;
}

/** Every record type the policy decides on has its shape here, and no other. */
export interface SubjectRecords extends Record<RecordType, object> {
  Event: AgencyOwnedRecord;
  Webhook: AgencyOwnedRecord;
  Figures: AgencyOwnedRecord;
  Subject: SubjectRecord;
  Referral: ReferralRecord;
  ReferredSubject: ReferredSubjectRecord;
  /** A document of the agency's own subject: the subject as the rules see it (the document's category is the field). */
  Document: SubjectRecord;
  /** A document of a referred subject, as the receiving agency sees it (the document's category is the field). */
  ReferredDocument: ReferredSubjectRecord;
  Consent: ConsentRecord;
  AccessEvent: AccessEventRecord;
  Agency: AgencyRecord;
  AgencyServices: AgencyServicesRecord;
  Agreement: AgreementRecord;
  User: UserRecord;
  ApiClient: ApiClientRecord;
  LogWitness: AgencyOwnedRecord;
  Transfer: TransferRecord;
  /** The agency's retention schedule, forecast and runs (no personal data). */
  Retention: AgencyOwnedRecord;
}

/** The record as CASL sees it: a copy tagged with its subject type. */
export function tag<T extends SubjectType>(type: T, record: SubjectRecords[T]): TaggedRecord {
  return asSubject(type, { ...record }) as unknown as TaggedRecord;
}

