export { createPonteClient, SDK_USER_AGENT, type PonteClient, type PonteClientOptions } from './client';
export type { ClientCredentialsAuth, PonteAuth, TokenAuth } from './auth';
export { PonteProblemError, problemOf, toProblem, unwrap, wasReplayed, type CallResult, type Problem, type ProblemFieldError } from './problem';
export { retryAfterMs, safeToRepeat, type Fetch, type RetryOptions } from './transport';
export { verifyWebhook, WebhookVerificationError, type PonteWebhookEvent, type VerifyWebhookOptions, type WebhookBody, type WebhookEvent } from './webhooks';
export type { components, operations, paths, webhooks } from './generated/openapi';
export { operationTraits } from './generated/openapi';
