export type { Context, AnonymousContext } from './context';
export { createServiceLogger } from './logger';
export { createAgency } from './agencies/create-agency';
export { listAgencies } from './agencies/list-agencies';
export { getAgency } from './agencies/get-agency';
export { updateAgency } from './agencies/update-agency';
export { replaceAgencyServices } from './agencies/replace-agency-services';
export { findProviders } from './agencies/find-providers';
export { createAgreement } from './agreements/create-agreement';
export { listAgreements } from './agreements/list-agreements';
export { getAgreement } from './agreements/get-agreement';
export { terminateAgreement } from './agreements/terminate-agreement';
export { createUser } from './identities/create-user';
export { listUsers } from './identities/list-users';
export { getUser } from './identities/get-user';
export { disableUser } from './identities/disable-user';
export { createApiClient } from './identities/create-api-client';
export { listApiClients } from './identities/list-api-clients';
export { revokeApiClient } from './identities/revoke-api-client';
export { rotateApiClientSecret } from './identities/rotate-api-client-secret';
export { listAssignableCaseworkers } from './identities/list-assignable-caseworkers';
export { issueToken, type TokenContext } from './auth/issue-token';
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
export { registerSubject } from './subjects/register-subject';
export { getSubject } from './subjects/get-subject';
export { listSubjects } from './subjects/list-subjects';
export { countSubjects } from './subjects/count-subjects';
export { updateSubject } from './subjects/update-subject';
export { assignSubject } from './subjects/assign-subject';
export { requestBreakGlass } from './subjects/request-break-glass';
export { recordConsent } from './consents/record-consent';
export { withdrawConsent } from './consents/withdraw-consent';
export { getConsent } from './consents/get-consent';
export { listSubjectConsents } from './consents/list-subject-consents';
export { exportConsentFhir, toFhirConsent } from './consents/fhir-consent';
export { verifyReceipt } from './consents/verify-receipt';
export { RECEIPT_TYPE, RECEIPT_REFERENCE_TYPE, signReceiptReference } from './consents/receipt';
export { consentsBySubject, statusOf, type ConsentStatus } from './consents/consent-state';
export { listAccessEvents } from './access-log/list-access-events';
export { countAccessEventsPerDay } from './access-log/count-access-events-per-day';
export { sendReferral } from './referrals/send-referral';
export { previewReferral, type ReferralPreview } from './referrals/preview-referral';
export { acceptReferral } from './referrals/accept-referral';
export { declineReferral } from './referrals/decline-referral';
export { assignReferral } from './referrals/assign-referral';
export { startReferral } from './referrals/start-referral';
export { completeReferral } from './referrals/complete-referral';
export { withdrawReferral } from './referrals/withdraw-referral';
export { sendDraftReferral } from './referrals/send-draft-referral';
export { getReferral } from './referrals/get-referral';
export { getReferralActions, type ReferralActions } from './referrals/get-referral-actions';
export { listReferrals } from './referrals/list-referrals';
export { countReceivedReferrals } from './referrals/count-received-referrals';
export { readReferredSubject } from './referrals/read-referred-subject';
export { referralFigures, suppressGroup, SMALL_COUNT } from './referrals/referral-figures';
export { listEvents } from './events/list-events';
export { createWebhookEndpoint } from './events/create-webhook-endpoint';
export { listWebhookEndpointsOfAgency } from './events/list-webhook-endpoints';
export { listWebhookDeliveries } from './events/list-webhook-deliveries';
export { replayWebhookDeliveries } from './events/replay-webhook-deliveries';
export { deliverDueWebhooks, startDeliveryLoop, type DeliveryOptions } from './events/deliver-webhooks';
export { webhookPoster, isPublicAddress, type Resolver, type WebhookPoster } from './events/webhook-transport';
export { sweepExpiredIdempotencyKeys, type IdempotentRequest } from './idempotency';
export { listLogHeads } from './access-log/list-log-heads';
export { getLogCheckpoint } from './access-log/get-log-checkpoint';
export { getLogTile } from './access-log/get-log-tile';
export { listWitnessKeys, postCosignature, registerWitnessKey, revokeWitnessKey, toWitnessKey } from './access-log/log-witnesses';
export { getLogVerification } from './access-log/get-log-verification';
export { accessEventProof } from './access-log/access-event-proof';
export { logConsistency } from './access-log/log-consistency';
export { verifyAccessLog } from './access-log/verify-access-log';
export { listAccessFlags } from './access-log/list-access-flags';
export { reviewAccess } from './access-log/review-access';
export { subjectAccessReport, reportAsCsv, reportAsHtml, type SubjectAccessReport } from './access-log/subject-access-report';
export { exportAccessEvents, toFhirAuditEvent } from './access-log/export-access-events';
export { countSentReferrals } from './referrals/count-sent-referrals';
export { countUnreviewedFlags } from './access-log/count-unreviewed-flags';
export { countActiveUsers } from './identities/count-active-users';
export { countAgencies } from './agencies/count-agencies';
export { countAgreementsInForce } from './agreements/count-agreements-in-force';
export { consoleToken, type ConsoleSession, type ConsoleSessionContext } from './console-sessions/console-session';
export { startConsoleSession } from './console-sessions/start-console-session';
export { resumeConsoleSession } from './console-sessions/resume-console-session';
export { endConsoleSession } from './console-sessions/end-console-session';
export { keepConsoleReceipt } from './console-sessions/keep-console-receipt';
export { signIn, findAccount, LOCKOUT, type AccountName } from './accounts/sign-in';
export { activateAccount, changePassword, beginSecondFactor, confirmSecondFactor } from './accounts/own-account';
export { createAgencyAdministrator, resetUser, initializeHub, countDemoPasswordAccounts, NotAnEmptyHub, ONE_TIME_CODE_HOURS } from './accounts/administer-accounts';
export { observeHub, observeStorage, sealLagSeconds } from './observability/observe-hub';
