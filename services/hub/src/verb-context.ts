import type { AnonymousContext, AuthenticatedPrincipal, Context } from '@ponte/core';
import { defineAbilityFor } from '@ponte/policy';
import type { Logger } from 'pino';
import type { HubDeps } from './types';

/**
 * The verb context for an authenticated principal, for the API's routes and the console's pages
 * alike, so a page and an API call meet the same verbs with the same facts. The route-level
 * ability is built on first use: case-data verbs build their own with the request's facts.
 */
export function verbContextFor(deps: HubDeps, principal: AuthenticatedPrincipal, logger: Logger, request: { id: string; clientId?: string | undefined }): Context {
  let ability: ReturnType<typeof defineAbilityFor> | undefined;
  return {
    db: deps.db,
    replica: deps.replica,
    principal,
    get ability() {
      return (ability ??= defineAbilityFor(principal));
    },
    logger,
    requestId: request.id,
    clientRequestId: request.clientId,
    now: deps.now ?? (() => new Date()),
    tokens: deps.tokens,
    secrets: deps.secrets,
    settings: {
      breakGlassMinutes: deps.breakGlassMinutes ?? 60,
      transferGraceDays: deps.transferGraceDays ?? 14,
      purgeAttestationDays: deps.purgeAttestationDays ?? 30,
      publicUrl: deps.publicUrl,
      allowPrivateWebhookTargets: deps.allowPrivateWebhookTargets ?? false,
      idempotencyTtlHours: deps.idempotencyTtlHours ?? 24,
      witnessesRequired: deps.witnessesRequired ?? 1,
    },
  };
}

/**
 * The context of a verb that acts before anyone is authenticated (the token endpoint, sign-in, a
 * person's own account), for the API and the console alike: one place that says what such a verb
 * is given (the sealer of second factors, the operators' policy).
 */
export function anonymousContextFor(deps: HubDeps, logger: Logger, requestId: string, now: () => Date = deps.now ?? (() => new Date())): AnonymousContext {
  return { db: deps.db, logger, requestId, now, secrets: deps.secrets, operatorSecondFactor: deps.operatorSecondFactor };
}
