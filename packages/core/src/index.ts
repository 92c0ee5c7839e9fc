export type { Context, AnonymousContext } from './context';
export { createServiceLogger } from './logger';
export { createApiClient } from './identities/create-api-client';
export { type TokenContext } from './auth/issue-token';
export { authenticate, authenticateInRequest, invalidToken, type AuthenticatedPrincipal } from './auth/authenticate';
export {
  ensureSigningKeys,
  listSigningKeyStates,
  loadSigningKeys,
  readPublishedSigningKeys,
  readSigningKeys,
  refreshSigningKeys,
  rotateSigningKey,
  SigningKeyRotationRefused,
  type SigningKeyOptions,
  type SigningKeyState,
} from './auth/signing-keys';
export { seedDemoNetwork, type DemoSeedResult } from './demo/seed-demo-network';
export { DEMO_AGENCIES, DEMO_AGREEMENTS, DEMO_USERS, DEMO_OPERATOR, demoClientId, demoClientSecret } from './demo/network';
export type { HubSettings } from './context';
export { updateSubject } from './subjects/update-subject';
export { legalHoldsAmong, legalHoldRefusal } from './subjects/legal-holds';
export { isErased, subjectErased } from './subjects/erased-record';
export { purgeRequestsOfErasedSubject } from './subjects/tombstone-view';
export { DEFAULT_PURGE_ATTESTATION_DAYS, type EraseSubjectInput } from './subjects/erase-subject';
export { PURGE_ATTESTATION_TYPE } from './referrals/attest-purge';
export { toFhirConsent } from './consents/fhir-consent';
export { fhirNames, PONTE_CODE_SYSTEM_IDS, type PonteCodeSystemId } from './fhir/fhir-names';
export { ponteCodeSystem } from './fhir/code-systems';
export { SERVICE_REQUEST_STATUS, TASK_STATUS } from './fhir/referral-fhir';
export { RECEIPT_TYPE, RECEIPT_REFERENCE_TYPE, signReceiptReference } from './consents/receipt';
export { consentsBySubject, statusOf, type ConsentStatus } from './consents/consent-state';
export { type ReferralPreview } from './referrals/preview-referral';
export { type ReferralActions } from './referrals/get-referral-actions';
export { listReferrals } from './referrals/list-referrals';
export { suppressGroup, SMALL_COUNT } from './referrals/referral-figures';
export { deliverDueWebhooks, startDeliveryLoop, type DeliveryOptions } from './events/deliver-webhooks';
export { webhookPoster, isPublicAddress, type Resolver, type WebhookPoster } from './events/webhook-transport';
export { sweepExpiredIdempotencyKeys, type IdempotentRequest } from './idempotency';
export { flagOverdueReferrals } from './referrals/flag-overdue-referrals';
export { isTimeOfDay } from '@ponte/contracts';
export { runRetention, startRetentionLoop, RETENTION_LEASE_MS, type RetentionEraser } from './retention/run-retention';
export { retentionEraser } from './retention/retention-eraser';
export { flagOverduePurges } from './referrals/flag-overdue-purges';
export { toWitnessKey } from './access-log/log-witnesses';
export { reviewAccess } from './access-log/review-access';
export { reportAsCsv, reportAsHtml, type SubjectAccessReport } from './access-log/subject-access-report';
export type { DocumentDownload } from './documents/document-access';
export { toFhirAuditEvent } from './access-log/export-access-events';
export { consoleToken, type ConsoleSession, type ConsoleSessionContext } from './console-sessions/console-session';
export { signIn, findAccount, LOCKOUT, type AccountName } from './accounts/sign-in';
export { initializeHub, countDemoPasswordAccounts, NotAnEmptyHub, ONE_TIME_CODE_HOURS } from './accounts/administer-accounts';
export { observeHub, observeStorage, sealLagSeconds } from './observability/observe-hub';

import { traceVerbs } from './observability/trace-verbs';
import * as untraced from './verbs';

export const {
  createAgency,
  listAgencies,
  getAgency,
  updateAgency,
  replaceAgencyServices,
  findProviders,
  createAgreement,
  listAgreements,
  getAgreement,
  terminateAgreement,
  createUser,
  listUsers,
  getUser,
  disableUser,
  listApiClients,
  revokeApiClient,
  rotateApiClientSecret,
  listAssignableCaseworkers,
  issueToken,
  registerSubject,
  getSubject,
  getSubjectFile,
  listSubjects,
  countSubjects,
  assignSubject,
  requestBreakGlass,
  eraseSubject,
  getSubjectErasure,
  placeLegalHold,
  releaseLegalHold,
  listLegalHolds,
  attestPurge,
  listPurgeRequests,
  recordConsent,
  withdrawConsent,
  getConsent,
  listSubjectConsents,
  exportConsentFhir,
  verifyReceipt,
  withdrawConsentFromReceipt,
  listAccessEvents,
  countAccessEventsPerDay,
  sendReferral,
  previewReferral,
  acceptReferral,
  declineReferral,
  assignReferral,
  startReferral,
  completeReferral,
  withdrawReferral,
  sendDraftReferral,
  getReferral,
  getReferralFhir,
  getReferralActions,
  countReceivedReferrals,
  readReferredSubject,
  postReferralMessage,
  referOnward,
  listReferralMessages,
  uploadDocument,
  listSubjectDocuments,
  downloadSubjectDocument,
  listReferralDocuments,
  downloadReferralDocument,
  requestTransfer,
  acceptTransfer,
  declineTransfer,
  cancelTransfer,
  getTransfer,
  listTransfers,
  referralFigures,
  listEvents,
  createWebhookEndpoint,
  listWebhookEndpointsOfAgency,
  listWebhookDeliveries,
  replayWebhookDeliveries,
  updateWebhookEndpoint,
  getWebhookEndpoint,
  pauseWebhookEndpoint,
  resumeWebhookEndpoint,
  deleteWebhookEndpoint,
  pingWebhookEndpoint,
  rotateWebhookSecret,
  listLogHeads,
  getLogCheckpoint,
  getLogTile,
  listWitnessKeys,
  postCosignature,
  registerWitnessKey,
  revokeWitnessKey,
  getLogVerification,
  accessEventProof,
  logConsistency,
  verifyAccessLog,
  listAccessFlags,
  subjectAccessReport,
  exportAccessEvents,
  countSentReferrals,
  countUnreviewedFlags,
  countActiveUsers,
  countAgencies,
  countAgreementsInForce,
  startConsoleSession,
  resumeConsoleSession,
  endConsoleSession,
  keepConsoleReceipt,
  activateAccount,
  changePassword,
  beginSecondFactor,
  confirmSecondFactor,
  createAgencyAdministrator,
  resetUser,
  getRetentionSchedule,
  replaceRetentionSchedule,
  forecastRetention,
  listRetentionRuns,
  getRetentionRun,
} = traceVerbs(untraced);
