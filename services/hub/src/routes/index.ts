import { requireBearer } from '../middleware/authenticate';
import { idempotentChanges } from '../middleware/idempotency';
import { limitPrincipals, limitTokenRequests } from '../middleware/rate-limit';
import type { LimitStore } from '../limit-stores';
import type { HubApp, HubDeps } from '../types';
import { registerExportAccessEvents } from './access-events/export-access-events';
import { registerGetAccessEventProof } from './access-events/get-access-event-proof';
import { registerGetLogConsistency } from './access-events/get-log-consistency';
import { registerGetSubjectAccessReport } from './access-events/get-subject-access-report';
import { registerListAccessEvents } from './access-events/list-access-events';
import { registerListAccessFlags } from './access-events/list-access-flags';
import { registerListLogHeads } from './access-events/list-log-heads';
import { registerGetLogCheckpoint } from './access-events/get-log-checkpoint';
import { registerGetLogTile } from './access-events/get-log-tile';
import { registerListWitnessKeys } from './log-witnesses/list-witness-keys';
import { registerPostCosignature } from './log-witnesses/post-cosignature';
import { registerRegisterWitnessKey } from './log-witnesses/register-witness-key';
import { registerRevokeWitnessKey } from './log-witnesses/revoke-witness-key';
import { registerGetLogVerification } from './access-events/get-log-verification';
import { registerReviewAccess } from './access-events/review-access';
import { registerVerifyAccessLog } from './access-events/verify-access-log';
import { registerActivateAccount } from './account/activate-account';
import { registerBeginSecondFactor } from './account/begin-second-factor';
import { registerChangePassword } from './account/change-password';
import { registerConfirmSecondFactor } from './account/confirm-second-factor';
import { registerCreateAgency } from './agencies/create-agency';
import { registerCreateAgencyAdministrator } from './agencies/create-agency-administrator';
import { registerGetAgency } from './agencies/get-agency';
import { registerListAgencies } from './agencies/list-agencies';
import { registerReplaceAgencyServices } from './agencies/replace-agency-services';
import { registerUpdateAgency } from './agencies/update-agency';
import { registerCreateAgreement } from './agreements/create-agreement';
import { registerGetAgreement } from './agreements/get-agreement';
import { registerListAgreements } from './agreements/list-agreements';
import { registerTerminateAgreement } from './agreements/terminate-agreement';
import { registerCreateApiClient } from './api-clients/create-api-client';
import { registerListApiClients } from './api-clients/list-api-clients';
import { registerRevokeApiClient } from './api-clients/revoke-api-client';
import { registerRotateApiClientSecret } from './api-clients/rotate-api-client-secret';
import { registerExportConsentFhir } from './consents/export-consent-fhir';
import { registerGetConsent } from './consents/get-consent';
import { registerListSubjectConsents } from './consents/list-subject-consents';
import { registerRecordConsent } from './consents/record-consent';
import { registerVerifyConsentReceipt } from './consents/verify-consent-receipt';
import { registerWithdrawConsent } from './consents/withdraw-consent';
import { registerFindProviders } from './directory/find-providers';
import { registerCreateWebhookEndpoint } from './events/create-webhook-endpoint';
import { registerListEvents } from './events/list-events';
import { registerListWebhookDeliveries } from './events/list-webhook-deliveries';
import { registerListWebhookEndpoints } from './events/list-webhook-endpoints';
import { registerReplayWebhookDeliveries } from './events/replay-webhook-deliveries';
import { registerDeleteWebhookEndpoint } from './events/delete-webhook-endpoint';
import { registerGetWebhookEndpoint } from './events/get-webhook-endpoint';
import { registerPauseWebhookEndpoint } from './events/pause-webhook-endpoint';
import { registerPingWebhookEndpoint } from './events/ping-webhook-endpoint';
import { registerResumeWebhookEndpoint } from './events/resume-webhook-endpoint';
import { registerRotateWebhookSecret } from './events/rotate-webhook-secret';
import { registerUpdateWebhookEndpoint } from './events/update-webhook-endpoint';
import { registerGetCodeSystem } from './fhir/get-code-system';
import { registerReadReferralFhir } from './fhir/read-referral-fhir';
import { registerGetMe } from './me/get-me';
import { registerGetAuthorizationServerMetadata } from './oauth/get-authorization-server-metadata';
import { registerIssueToken } from './oauth/issue-token';
import { registerAcceptReferral } from './referrals/accept-referral';
import { registerAssignReferral } from './referrals/assign-referral';
import { registerCompleteReferral } from './referrals/complete-referral';
import { registerDeclineReferral } from './referrals/decline-referral';
import { registerGetReferral } from './referrals/get-referral';
import { registerGetReferralFigures } from './referrals/get-referral-figures';
import { registerListReferrals } from './referrals/list-referrals';
import { registerReadReferredSubject } from './referrals/read-referred-subject';
import { registerPostReferralMessage } from './referrals/post-referral-message';
import { registerReferOnward } from './referrals/refer-onward';
import { registerListReferralMessages } from './referrals/list-referral-messages';
import { registerSendDraftReferral } from './referrals/send-draft-referral';
import { registerSendReferral } from './referrals/send-referral';
import { registerStartReferral } from './referrals/start-referral';
import { registerWithdrawReferral } from './referrals/withdraw-referral';
import { registerAssignSubject } from './subjects/assign-subject';
import { registerGetSubject } from './subjects/get-subject';
import { registerListSubjects } from './subjects/list-subjects';
import { registerRegisterSubject } from './subjects/register-subject';
import { registerRequestBreakGlass } from './subjects/request-break-glass';
import { registerUpdateSubject } from './subjects/update-subject';
import { registerDocs } from './system/docs';
import { registerGetJwks } from './system/get-jwks';
import { registerGetLiveness } from './system/get-liveness';
import { registerGetMetrics } from './system/get-metrics';
import { registerGetProblemType } from './system/get-problem-type';
import { registerGetReadiness } from './system/get-readiness';
import { registerCreateUser } from './users/create-user';
import { registerDisableUser } from './users/disable-user';
import { registerGetUser } from './users/get-user';
import { registerListAssignableUsers } from './users/list-assignable-users';
import { registerListUsers } from './users/list-users';
import { registerResetUser } from './users/reset-user';

/**
 * Every operation, one file each. The order is kept on purpose: hono runs the handlers that match a
 * request in the order they were registered, so a literal path stays before a parameter that also
 * matches it (`/docs/assets/init.js` before `/docs/assets/:file`); and the OpenAPI document lists
 * the operations in this order.
 */
export function registerRoutes(app: HubApp, deps: HubDeps & { limits: LimitStore }) {
  registerGetLiveness(app);
  registerGetReadiness(app, deps);
  registerGetMetrics(app, deps);
  registerGetJwks(app, deps);
  registerGetAuthorizationServerMetadata(app, deps);
  registerDocs(app, deps);
  registerGetProblemType(app);
  registerGetCodeSystem(app, deps);
  const tokenRate = deps.tokenRateLimitPerMinute ?? 120;
  // A person's own account: proved in the request (a password or one-time code), limited as sign-in is.
  const signInLimits = limitTokenRequests({ address: deps.limits.limiter('sign-in-address', tokenRate), account: deps.limits.limiter('sign-in-account', tokenRate) }, deps);
  app.use('/oauth/token', signInLimits);
  app.use('/account/*', signInLimits);
  registerIssueToken(app, deps);
  registerActivateAccount(app, deps);
  registerChangePassword(app, deps);
  registerBeginSecondFactor(app, deps);
  registerConfirmSecondFactor(app, deps);

  // Everything under /v1 acts for an authenticated principal.
  app.use('/v1/*', requireBearer(deps));
  app.use('/v1/*', limitPrincipals(deps.limits.limiter('principal', deps.rateLimitPerMinute ?? 1200, { hot: true })));
  app.use('/v1/*', idempotentChanges());
  registerGetMe(app);

  registerListAgencies(app);
  registerGetAgency(app);
  registerCreateAgency(app);
  registerCreateAgencyAdministrator(app);
  registerUpdateAgency(app);
  registerReplaceAgencyServices(app);
  registerFindProviders(app);

  registerListAgreements(app);
  registerGetAgreement(app);
  registerCreateAgreement(app);
  registerTerminateAgreement(app);

  registerListAssignableUsers(app);
  registerListUsers(app);
  registerGetUser(app);
  registerCreateUser(app);
  registerDisableUser(app);
  registerResetUser(app);

  registerListApiClients(app);
  registerCreateApiClient(app);
  registerRevokeApiClient(app);
  registerRotateApiClientSecret(app);

  registerRegisterSubject(app);
  registerListSubjects(app);
  registerGetSubject(app);
  registerUpdateSubject(app);
  registerAssignSubject(app);
  registerRequestBreakGlass(app);

  registerRecordConsent(app);
  registerListSubjectConsents(app);
  registerGetConsent(app);
  registerWithdrawConsent(app);
  registerExportConsentFhir(app);
  registerVerifyConsentReceipt(app);

  registerListLogHeads(app);
  registerGetLogCheckpoint(app);
  registerGetLogTile(app);
  registerListWitnessKeys(app);
  registerRegisterWitnessKey(app);
  registerRevokeWitnessKey(app);
  registerPostCosignature(app);
  registerGetAccessEventProof(app);
  registerGetLogConsistency(app);
  registerVerifyAccessLog(app);
  registerGetLogVerification(app);
  registerListAccessFlags(app);
  registerReviewAccess(app);
  registerGetSubjectAccessReport(app);
  registerExportAccessEvents(app);
  registerListAccessEvents(app);

  registerSendReferral(app);
  registerListReferrals(app);
  registerGetReferralFigures(app);
  registerGetReferral(app);
  registerReadReferredSubject(app);
  registerPostReferralMessage(app);
  registerReferOnward(app);
  registerListReferralMessages(app);
  registerAcceptReferral(app);
  registerDeclineReferral(app);
  registerAssignReferral(app);
  registerStartReferral(app);
  registerCompleteReferral(app);
  registerSendDraftReferral(app);
  registerWithdrawReferral(app);
  registerReadReferralFhir(app);

  registerListEvents(app);
  registerCreateWebhookEndpoint(app);
  registerListWebhookEndpoints(app);
  registerListWebhookDeliveries(app);
  registerReplayWebhookDeliveries(app);
  registerGetWebhookEndpoint(app);
  registerUpdateWebhookEndpoint(app);
  registerPauseWebhookEndpoint(app);
  registerResumeWebhookEndpoint(app);
  registerDeleteWebhookEndpoint(app);
  registerPingWebhookEndpoint(app);
  registerRotateWebhookSecret(app);
}
