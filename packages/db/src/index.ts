export { openStorage, createPglite, loginConcerns, type Db, type Storage, type StorageKind, type StorageOptions } from './connect';
export { migrateToLatest, pendingMigrations } from './migrate';
export { readMayBeStale, decideRead, replicaLag, ReplicaRouter, type ReplicaReads, type ReplicaRouterOptions, type ReadDecision, type ReadTarget, type ReplicaState } from './replica';
export { migrations } from './migrations/index';
export {
  withTenant,
  withoutTenant,
  readInOneTrip,
  atCommit,
  readAtCommit,
  readTogether,
  deferAccountCheck,
  settleAccountCheck,
  APP_ROLE,
  ROLE_OF,
  type AtCommitRead,
  type AccountCheck,
  type ActorKind,
  type Opened,
  type UnitOptions,
  type ScopedTx,
} from './scope';
export { PgliteDialect } from './pglite-dialect';
export type * from './schema';
export * from './tables/agencies';
export * from './tables/agreements';
export * from './tables/users';
export * from './tables/api-clients';
export * from './tables/operators';
export * from './tables/credentials';
export * from './tables/signing-keys';
export { isUniqueViolation, isCheckViolation, isPolicyViolation, isTimeout, isDatabaseUnavailable, DatabaseTimeout, CommitOutcomeUnknown } from './errors';
export { databaseUse, inVerb, withinBudget, remainingBudget } from './budget';
export { conditionToSql, UnsupportedCondition, type FieldMapping } from './policy-filter';
export * from './tables/subjects';
export * from './tables/consents';
export * from './tables/break-glass';
export * from './tables/access-events';
export * from './tables/referrals';
export * from './tables/referral-messages';
export * from './tables/referral-rectifications';
export * from './tables/documents';
export * from './tables/subject-transfers';
export * from './tables/erasure';
export * from './tables/events';
export * from './tables/idempotency';
export * from './tables/access-log';
export * from './tables/log-verifications';
export * from './tables/console-sessions';
export * from './tables/log-partition-archives';
export * from './tables/log-witnesses';
export { withLiterals } from './statement-lists';
export { rateLimitStoreClient } from './tables/rate-limits';
export * from './tables/retention-schedules';
export * from './tables/retention-runs';
export * from './tables/closed-cases';
