import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './20261127000100-foundation';
import * as subjectsAndConsent from './20261127000200-subjects-and-consent';
import * as referrals from './20261127000300-referrals';
import * as accessLogSealing from './20261127000400-access-log-sealing';
import * as accessLogSearch from './20261127000500-access-log-search';
import * as consoleSessions from './20261127000600-console-sessions';
import * as databaseRoles from './20261130000100-database-roles';
import * as idempotencyExpiry from './20261130000200-idempotency-expiry';
import * as webhookFanOutCursor from './20261130000300-webhook-fan-out-cursor';
import * as clientRequestId from './20261130000400-client-request-id';
import * as logVerifications from './20261204000100-log-verifications';
import * as accessLogAtScale from './20261204000200-access-log-at-scale';
import * as logWitnesses from './20261204000300-log-witnesses';
import * as eventPlacesInScope from './20261204000400-event-places-in-scope';
import * as timeOrderedEventIds from './20261204000500-time-ordered-event-ids';
import * as signingKeyLifecycle from './20261205000200-signing-key-lifecycle';
import * as accountLifecycle from './20261205000300-account-lifecycle';
import * as sharedRateLimits from './20261205000400-shared-rate-limits';
import * as keysForCitus from './20261205000700-keys-for-citus';
import * as webhookEndpointLifecycle from './20261205002000-webhook-endpoint-lifecycle';
import * as referralMessages from './20261205003000-referral-messages';
import * as referralOutcomeCodes from './20261205004000-referral-outcome-codes';
import * as referralDeadlines from './20261205005000-referral-deadlines';
import * as documents from './20261205006000-documents';
import * as onwardReferrals from './20261205007000-onward-referrals';
import * as subjectTransfers from './20261205008000-subject-transfers';
import * as onwardDocuments from './20261205009000-onward-documents';
import * as subjectRectifications from './20261205010000-subject-rectifications';
import * as subjectErasure from './20261205011000-subject-erasure';
import * as retentionSchedules from './20261205012000-retention-schedules';
import * as withdrawalByRecipient from './20261205013000-withdrawal-by-recipient';
import * as onwardTriage from './20261205014000-onward-triage';

/** Every migration, registered explicitly in order. A merged migration is never edited. */
export const migrations: Record<string, Migration> = {
  '20261127000100-foundation': foundation,
  '20261127000200-subjects-and-consent': subjectsAndConsent,
  '20261127000300-referrals': referrals,
  '20261127000400-access-log-sealing': accessLogSealing,
  '20261127000500-access-log-search': accessLogSearch,
  '20261127000600-console-sessions': consoleSessions,
  '20261130000100-database-roles': databaseRoles,
  '20261130000200-idempotency-expiry': idempotencyExpiry,
  '20261130000300-webhook-fan-out-cursor': webhookFanOutCursor,
  '20261130000400-client-request-id': clientRequestId,
  '20261204000100-log-verifications': logVerifications,
  '20261204000200-access-log-at-scale': accessLogAtScale,
  '20261204000300-log-witnesses': logWitnesses,
  '20261204000400-event-places-in-scope': eventPlacesInScope,
  '20261204000500-time-ordered-event-ids': timeOrderedEventIds,
  '20261205000200-signing-key-lifecycle': signingKeyLifecycle,
  '20261205000300-account-lifecycle': accountLifecycle,
  '20261205000400-shared-rate-limits': sharedRateLimits,
  '20261205000700-keys-for-citus': keysForCitus,
  '20261205002000-webhook-endpoint-lifecycle': webhookEndpointLifecycle,
  '20261205003000-referral-messages': referralMessages,
  '20261205004000-referral-outcome-codes': referralOutcomeCodes,
  '20261205005000-referral-deadlines': referralDeadlines,
  '20261205006000-documents': documents,
  '20261205007000-onward-referrals': onwardReferrals,
  '20261205008000-subject-transfers': subjectTransfers,
  '20261205009000-onward-documents': onwardDocuments,
  '20261205010000-subject-rectifications': subjectRectifications,
  '20261205011000-subject-erasure': subjectErasure,
  '20261205012000-retention-schedules': retentionSchedules,
  '20261205013000-withdrawal-by-recipient': withdrawalByRecipient,
  '20261205014000-onward-triage': onwardTriage,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
