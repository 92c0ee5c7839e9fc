import type {
  Agency,
  AgencyKind,
  Agreement,
  ApiClient,
  Consent,
  DeclineReasonCode,
  LegalBasis,
  OutcomeCode,
  ProvinceCode,
  Purpose,
  Referral,
  ReferralStatus,
  ServiceCode,
  User,
  UserRole,
} from '@ponte/contracts';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export interface AgenciesTable {
  id: Generated<string>;
  slug: string;
  name_en: string;
  name_pt: string;
  kind: AgencyKind;
  status: Generated<Agency['status']>;
  created_at: Timestamp;
  updated_at: Timestamp;
  second_factor_roles: Generated<UserRole[]>;
  /** The agency's legal minimum retention of a closed case's personal data, in days, set by the hub operator (0: none). */
  retention_minimum_days: Generated<number>;
}

export interface AgencyServicesTable {
  agency_id: string;
  service: ServiceCode;
  province: ProvinceCode;
  created_at: Timestamp;
}

export interface AgreementsTable {
  agency_id: string;
  id: Generated<string>;
  recipient_agency_id: string;
  purposes: string[];
  categories: string[];
  valid_from: DateOnly;
  valid_until: DateOnly;
  document_ref: string;
  status: Generated<Agreement['status']>;
  terminated_at: Timestamp | null;
  termination_reason: string | null;
  /** Hours the recipient has to respond, per urgency; null: the hub's default. */
  response_hours_emergency: number | null;
  response_hours_priority: number | null;
  response_hours_routine: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A person's credentials beyond the password: the same columns on agency users and hub operators. */
export interface CredentialColumns {
  one_time_code_hash: string | null;
  one_time_code_expires_at: Timestamp | null;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: ColumnType<string | null, string | number | null, string | number | null>;
  totp_pending_secret: string | null;
  totp_pending_ticket_hash: string | null;
  totp_pending_expires_at: Timestamp | null;
  recovery_code_hashes: Generated<string[]>;
  demo_password: Generated<boolean>;
  password_changed_at: Timestamp | null;
}

export interface UsersTable extends CredentialColumns {
  agency_id: string;
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string | null;
  roles: UserRole[];
  team: string | null;
  status: Generated<User['status']>;
  created_at: Timestamp;
  updated_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface ApiClientsTable {
  agency_id: string;
  id: Generated<string>;
  client_id: string;
  name: string;
  secret_hash: string;
  roles: UserRole[];
  status: Generated<ApiClient['status']>;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  previous_secret_hash: string | null;
  previous_secret_expires_at: Timestamp | null;
}

export interface OperatorsTable extends CredentialColumns {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string | null;
  status: Generated<string>;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  /** Only in rows written before keys were sealed, until the hub seals them in place; never written. */
  private_jwk: ColumnType<Record<string, unknown> | null, null | undefined, null>;
  /** The private JWK, AES-256-GCM under the key-encryption key `kek_id` names, the kid as additional data. */
  private_key_ciphertext: Buffer | null;
  private_key_iv: Buffer | null;
  private_key_tag: Buffer | null;
  kek_id: string | null;
  created_at: Timestamp;
  /** When the key starts signing; published from `created_at`. */
  signs_from: Timestamp;
  retired_at: Timestamp | null;
}

type Json = ColumnType<Record<string, unknown>, string, string>;
type NullableJson = ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;

export interface SubjectsTable {
  agency_id: string;
  id: Generated<string>;
  reference: string;
  assigned_user_id: string | null;
  team: string | null;
  birth_date: DateOnly | null;
  birth_date_estimated: Generated<boolean>;
  /** Null on a tombstone only (`erased_at` set): every read of personal data refuses an erased subject first. */
  identity: Json;
  contact: NullableJson;
  location: NullableJson;
  family: NullableJson;
  protection: NullableJson;
  health: NullableJson;
  legal: NullableJson;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  /** The tombstone: when and by whom the subject's personal data was destroyed, why, and how (`erasure_mode`). */
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  erased_by: Generated<string | null>;
  erasure_reason: Generated<ErasureReason | null>;
  erasure_mode: Generated<ErasureMode | null>;
  /** On an anonymised tombstone: the coarse attributes kept so figures still count (age band, sex, province). */
  erasure_attributes: NullableJson;
}

export type ErasureReason = 'request' | 'retention';
export type ErasureMode = 'erase' | 'anonymise';

export interface LegalHoldsTable {
  agency_id: string;
  id: Generated<string>;
  subject_id: string;
  reason: string;
  placed_by: string;
  placed_at: Timestamp;
  released_by: string | null;
  released_at: Timestamp | null;
  release_reason: string | null;
}

export interface PurgeRequestsTable {
  agency_id: string;
  id: Generated<string>;
  subject_id: string;
  referral_id: string;
  /** The agency that sent the referral: the owner, or the middle agency of an onward referral. */
  referral_agency_id: string;
  recipient_agency_id: string;
  reason: 'subject_erased';
  categories: string[];
  requested_at: Timestamp;
  due_at: Timestamp;
  attested_at: Timestamp | null;
  attested_by: string | null;
  attested_by_kind: 'user' | 'client' | null;
  attestation: NullableJson;
  receipt: string | null;
  overdue_notified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SubjectAssignmentsTable {
  agency_id: string;
  id: Generated<string>;
  subject_id: string;
  assigned_user_id: string | null;
  team: string | null;
  assigned_by: string;
  reason: string | null;
  assigned_at: Timestamp;
}

export interface ConsentsTable {
  agency_id: string;
  id: Generated<string>;
  consent_id: string;
  version: number;
  subject_id: string;
  granted_by: Consent['grantedBy'];
  grantor: NullableJson;
  guardian_reason: string | null;
  child_assent: Consent['childAssent'];
  method: Consent['method'];
  witness: NullableJson;
  language: string;
  interpreter_used: boolean;
  purposes: string[];
  recipient_agency_ids: string[];
  categories: string[];
  legal_basis: LegalBasis;
  valid_from: Timestamp;
  valid_until: Timestamp;
  recorded_by: string;
  recorded_at: Timestamp;
  /** A consent an agency recorded with a person it knows through a referral it received (for an onward referral). */
  via_referral_id: Generated<string | null>;
}

export interface ConsentWithdrawalsTable {
  agency_id: string;
  consent_id: string;
  requested_by: string;
  method: Consent['method'];
  reason: string;
  withdrawn_by: string;
  withdrawn_at: Timestamp;
  /** The agency that recorded it when not the owner (one holding an open referral under the consent); null when the owner did. */
  recorded_by_agency_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface BreakGlassGrantsTable {
  agency_id: string;
  id: Generated<string>;
  subject_id: string;
  user_id: string;
  justification: string;
  granted_at: Timestamp;
  expires_at: Timestamp;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_note: string | null;
}

export interface AccessEventsTable {
  agency_id: string;
  id: Generated<string>;
  occurred_at: Timestamp;
  actor_kind: 'user' | 'client' | 'hub_operator' | 'system';
  actor_id: string;
  owning_agency_id: ColumnType<string | null, string | null | undefined, string>;
  subject_id: string | null;
  resource: string;
  resource_id: string | null;
  action: string;
  fields: string[];
  purpose: string | null;
  legal_basis: string | null;
  decision: 'allow' | 'deny';
  rule: string;
  break_glass: Generated<boolean>;
  request_id: string;
  client_request_id: ColumnType<string | null, string | null | undefined, never>;
}

/** An event's place in the log, appended by the sealer. */
export interface LogLeavesTable {
  log_index: number;
  agency_id: string;
  event_id: string;
  occurred_at: Timestamp;
}

/** The sealer's queue: events appended and not yet placed in the log. */
export interface LogPendingTable {
  occurred_at: Timestamp;
  agency_id: string;
  event_id: string;
}

/** A C2SP tile of the log's tree: up to 256 hashes of one level, in order. */
export interface LogTilesTable {
  level: number;
  tile_index: number;
  hashes: Buffer;
}

/** A verification of the access log a privacy officer asked for, run in the background. */
export interface LogVerificationsTable {
  agency_id: string;
  id: Generated<string>;
  requested_by: string;
  witness: string | null;
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | undefined, 'running' | 'done' | 'failed'>;
  checked: ColumnType<number, never, number>;
  total: ColumnType<number | null, never, number | null>;
  report: ColumnType<Record<string, unknown> | null, never, string>;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, never, Date>;
  finished_at: ColumnType<Date | null, never, Date>;
  lease_until: ColumnType<Date | null, never, Date | null>;
}

export interface LogHeadsTable {
  tree_size: number;
  root_hash: string;
  previous_size: number | null;
  frontier: ColumnType<Array<{ height: number; hash: string }>, string, string>;
  signed_head: string;
  created_at: Timestamp;
}

export interface ReferralsTable {
  agency_id: string;
  id: Generated<string>;
  recipient_agency_id: string;
  subject_id: string;
  consent_id: string;
  legal_basis: string;
  service: ServiceCode;
  purpose: Purpose;
  urgency: Referral['urgency'];
  shared_categories: string[];
  note: string | null;
  due_date: DateOnly | null;
  triage: Json;
  status: ReferralStatus;
  version: Generated<number>;
  recipient_assignee_id: string | null;
  recipient_team: string | null;
  outcome: string | null;
  outcome_code: OutcomeCode | null;
  reason: string | null;
  reason_code: DeclineReasonCode | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
  accepted_at: Timestamp | null;
  completed_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** The response deadline, fixed when it is sent (null on a draft). */
  respond_by: Timestamp | null;
  /** When both agencies were told it was past `respond_by` (`referral.overdue`, once). */
  response_overdue_at: Timestamp | null;
  /** When both agencies were told it was past `due_date` (`referral.overdue`, once). */
  completion_overdue_at: Timestamp | null;
  /** An onward referral's parent, and the root of its chain (all four set together, only on one). */
  parent_referral_id: Generated<string | null>;
  root_referral_id: Generated<string | null>;
  /** The agency that owns the subject (on an onward referral: not the sender). */
  root_agency_id: Generated<string | null>;
  root_consent_id: Generated<string | null>;
}

export interface ReferralTransitionsTable {
  agency_id: string;
  id: Generated<string>;
  referral_id: string;
  recipient_agency_id: string;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus;
  actor_agency_id: string;
  actor_id: string;
  reason: string | null;
  at: Timestamp;
}

/** A correction of categories a referral shares, made by the subject's owner: category names only, never values. */
export interface ReferralRectificationsTable {
  /** The referral's sending agency (its key). */
  agency_id: string;
  id: Generated<string>;
  referral_id: string;
  recipient_agency_id: string;
  /** The subject's owner, who made the correction (on an onward referral: the root of its chain). */
  owning_agency_id: string;
  /** The referral's status when it was corrected. */
  status: ReferralStatus;
  categories: string[];
  rectified_by: string;
  rectified_at: Timestamp;
}

export interface ReferralMessagesTable {
  agency_id: string;
  id: Generated<string>;
  referral_id: string;
  recipient_agency_id: string;
  author_agency_id: string;
  author_id: string;
  body: string;
  personal_data_flagged: boolean;
  created_at: Timestamp;
}

export interface ReferralMessageReadsTable {
  agency_id: string;
  message_id: string;
  recipient_agency_id: string;
  reader_agency_id: string;
  reader_id: string;
  read_at: Timestamp;
}

export interface DocumentsTable {
  agency_id: string;
  id: Generated<string>;
  subject_id: string;
  category: string;
  content_type: string;
  size: number;
  sha256: string;
  title: string;
  created_by: string;
  created_at: Timestamp;
}

export interface DocumentChunksTable {
  agency_id: string;
  document_id: string;
  seq: number;
  bytes: Buffer;
}

export interface SubjectTransfersTable {
  agency_id: string;
  id: Generated<string>;
  subject_id: string;
  recipient_agency_id: string;
  consent_id: string;
  legal_basis: LegalBasis;
  purpose: string;
  categories: string[];
  reason: string;
  status: Generated<'pending' | 'accepted' | 'declined' | 'cancelled'>;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decline_reason: string | null;
  received_subject_id: string | null;
  read_only_from: Timestamp | null;
  version: Generated<number>;
}

export interface EventsTable {
  agency_id: string;
  id: Generated<string>;
  seq: number;
  type: string;
  referral_id: string | null;
  payload: Json;
  created_at: Timestamp;
}

export interface WebhookEndpointsTable {
  agency_id: string;
  id: Generated<string>;
  url: string;
  description: string | null;
  event_types: Generated<string[]>;
  status: Generated<string>;
  created_at: Timestamp;
  fanned_out_seq: Generated<number>;
  /** Readable by the worker's role alone: the application role writes it and never reads it back. */
  secret_sealed: string | null;
  secret_created_at: Timestamp | null;
  /** Readable by the worker's role alone, as `secret_sealed`. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  version: Generated<number>;
  updated_at: Timestamp | null;
  deleted_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  agency_id: string;
  id: Generated<string>;
  event_id: string;
  endpoint_id: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  last_status: number | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  agency_id: string;
  principal_id: string;
  key: string;
  request_hash: string;
  status: number;
  response: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AccessReviewsTable {
  agency_id: string;
  id: Generated<string>;
  target_kind: string;
  target_id: string;
  status: string;
  note: string;
  reviewer_id: string;
  created_at: Timestamp;
}

export interface EventCountersTable {
  agency_id: string;
  last: number;
}

/** An Ed25519 key of a witness an agency runs over the hub's access log. */
export interface LogWitnessKeysTable {
  agency_id: string;
  id: Generated<string>;
  name: string;
  key_id: Buffer;
  public_key: Buffer;
  created_by: string;
  created_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A witness's cosignature of a checkpoint (C2SP tlog-cosignature). */
export interface LogCosignaturesTable {
  agency_id: string;
  witness_key_id: string;
  tree_size: number;
  root_hash: string;
  body: string;
  signed_at: number;
  signature: Buffer;
  created_at: Timestamp;
}

/** A month of the access log archived and dropped by retention. */
export interface LogPartitionArchivesTable {
  partition_name: string;
  starts: Timestamp;
  ends: Timestamp;
  file_name: string;
  sha256: string;
  events: number;
  first_index: number | null;
  up_to_size: number;
  archived_at: Timestamp;
}

export interface SubjectOwnersTable {
  agency_id: string;
  subject_id: string;
}

/** A console session, by the SHA-256 of the id its cookie holds. */
export interface ConsoleSessionsTable {
  id_hash: string;
  claims: Json;
  csrf_token: string;
  receipts: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}
export type ConsoleSessionRow = Selectable<ConsoleSessionsTable>;

/** One rule of an agency's retention schedule as stored (service null: the agency's default). */
export interface StoredRetentionRule {
  service: string | null;
  periodDays: number;
  action: 'erase' | 'anonymise';
}

export interface RetentionSchedulesTable {
  agency_id: string;
  rules: ColumnType<StoredRetentionRule[], string, string>;
  version: Generated<number>;
  updated_by: string;
  updated_at: Timestamp;
}
export type RetentionScheduleRow = Selectable<RetentionSchedulesTable>;

/** What a retention run did to one subject: ids and the rule only. */
export interface StoredRetentionOutcome {
  subjectId: string;
  reference: string;
  outcome: 'erased' | 'anonymised' | 'held' | 'failed';
  service: string | null;
  dueAt: string;
  /** Why it failed, as a code (never personal data). */
  reason?: string;
}

export interface RetentionRunsTable {
  agency_id: string;
  id: Generated<string>;
  run_day: DateOnly;
  status: Generated<'running' | 'finished'>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  lease_until: Timestamp;
  erased: Generated<number>;
  anonymised: Generated<number>;
  held: Generated<number>;
  failed: Generated<number>;
  subjects: ColumnType<StoredRetentionOutcome[], string | undefined, string>;
}
export type RetentionRunRow = Selectable<RetentionRunsTable>;

export interface Database {
  retention_schedules: RetentionSchedulesTable;
  retention_runs: RetentionRunsTable;
  console_sessions: ConsoleSessionsTable;
  subject_owners: SubjectOwnersTable;
  log_partition_archives: LogPartitionArchivesTable;
  log_leaves: LogLeavesTable;
  log_pending: LogPendingTable;
  log_witness_keys: LogWitnessKeysTable;
  log_cosignatures: LogCosignaturesTable;
  log_tiles: LogTilesTable;
  event_counters: EventCountersTable;
  access_reviews: AccessReviewsTable;
  log_heads: LogHeadsTable;
  log_verifications: LogVerificationsTable;
  referrals: ReferralsTable;
  referral_transitions: ReferralTransitionsTable;
  referral_rectifications: ReferralRectificationsTable;
  referral_messages: ReferralMessagesTable;
  documents: DocumentsTable;
  document_chunks: DocumentChunksTable;
  referral_message_reads: ReferralMessageReadsTable;
  subject_transfers: SubjectTransfersTable;
  legal_holds: LegalHoldsTable;
  purge_requests: PurgeRequestsTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  idempotency_keys: IdempotencyKeysTable;
  subjects: SubjectsTable;
  subject_assignments: SubjectAssignmentsTable;
  consents: ConsentsTable;
  consent_withdrawals: ConsentWithdrawalsTable;
  break_glass_grants: BreakGlassGrantsTable;
  access_events: AccessEventsTable;
  agencies: AgenciesTable;
  agency_services: AgencyServicesTable;
  agreements: AgreementsTable;
  users: UsersTable;
  api_clients: ApiClientsTable;
  operators: OperatorsTable;
  signing_keys: SigningKeysTable;
}

export type AgencyRow = Selectable<AgenciesTable>;
export type AgreementRow = Selectable<AgreementsTable>;
export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiClientRow = Selectable<ApiClientsTable>;
export type OperatorRow = Selectable<OperatorsTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;
export type NewAgreement = Insertable<AgreementsTable>;
export type SubjectRow = Selectable<SubjectsTable>;
export type NewSubject = Insertable<SubjectsTable>;
export type ConsentRow = Selectable<ConsentsTable>;
export type NewConsent = Insertable<ConsentsTable>;
export type ConsentWithdrawalRow = Selectable<ConsentWithdrawalsTable>;
export type BreakGlassGrantRow = Selectable<BreakGlassGrantsTable>;
export type AccessEventRow = Selectable<AccessEventsTable>;
export type NewAccessEvent = Insertable<AccessEventsTable>;
export type SubjectAssignmentRow = Selectable<SubjectAssignmentsTable>;
export type ReferralRow = Selectable<ReferralsTable>;
export type NewReferral = Insertable<ReferralsTable>;
export type ReferralTransitionRow = Selectable<ReferralTransitionsTable>;
export type ReferralRectificationRow = Selectable<ReferralRectificationsTable>;
export type NewReferralRectification = Insertable<ReferralRectificationsTable>;
export type ReferralMessageRow = Selectable<ReferralMessagesTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocument = Insertable<DocumentsTable>;
export type NewReferralMessage = Insertable<ReferralMessagesTable>;
export type SubjectTransferRow = Selectable<SubjectTransfersTable>;
export type LegalHoldRow = Selectable<LegalHoldsTable>;
export type PurgeRequestRow = Selectable<PurgeRequestsTable>;
export type NewSubjectTransfer = Insertable<SubjectTransfersTable>;
export type EventRow = Selectable<EventsTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type LogHeadRow = Selectable<LogHeadsTable>;
export type LogVerificationRow = Selectable<LogVerificationsTable>;
export type AccessReviewRow = Selectable<AccessReviewsTable>;
export type LogPartitionArchiveRow = Selectable<LogPartitionArchivesTable>;
export type LogWitnessKeyRow = Selectable<LogWitnessKeysTable>;
export type LogCosignatureRow = Selectable<LogCosignaturesTable>;
