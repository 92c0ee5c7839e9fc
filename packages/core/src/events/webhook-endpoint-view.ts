import { generateWebhookSecret, webhookSecretContext } from '@ponte/auth';
import { findWebhookEndpoint, updateWebhookEndpointRow, type ScopedTx, type WebhookEndpointChanges, type WebhookEndpointView } from '@ponte/db';
import { ensureCan, type Action } from '@ponte/policy';
import { fieldError, PonteError, type RuleCode } from '@ponte/contracts';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { sealerOf } from '../accounts/account-secrets';
import { iso, isoOrNull, notFound } from '../util';
import { webhookUrlProblem } from './webhook-transport';

const URL_CHECKS = {
  scheme: { check: 'http_scheme', message: { en: 'must be an http or https address', pt: 'tem de ser um endereço http ou https' } },
  credentials: { check: 'no_credentials', message: { en: 'may not carry a user name or password', pt: 'não pode conter utilizador nem palavra-passe' } },
  private_address: {
    check: 'public_address',
    message: { en: 'not a loopback, private, link-local or other non-public address', pt: 'não pode ser um endereço local, privado, de ligação local ou outro não público' },
  },
} as const;

/** Refuses an address webhooks may not go to (see `webhookUrlProblem`), naming the check. */
export function ensurePublicWebhookUrl(ctx: Context, url: string): void {
  const problem = webhookUrlProblem(new URL(url));
  if (problem === 'scheme' || problem === 'credentials' || (problem === 'private_address' && !ctx.settings.allowPrivateWebhookTargets))
    throw new PonteError('invalid_request', { en: 'Webhooks go to public HTTP(S) addresses only', pt: 'Os webhooks vão apenas para endereços HTTP(S) públicos' }, [
      fieldError('body', ['url'], URL_CHECKS[problem].check, URL_CHECKS[problem].message),
    ]);
}

/** A webhook endpoint as the API shows it to its agency: never its secret, which is shown once, when made. */
export function toWebhookEndpoint(row: WebhookEndpointView) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    // Deleted endpoints are never read (see `findWebhookEndpoint`).
    status: row.status as 'active' | 'paused' | 'disabled',
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: isoOrNull(row.updated_at),
    secretCreatedAt: isoOrNull(row.secret_created_at),
    previousSecretExpiresAt: isoOrNull(row.previous_secret_expires_at),
  };
}

/** A new signing secret for an endpoint, and the same sealed for the database (bound to the endpoint). */
export function newEndpointSecret(ctx: Context, agencyId: string, endpointId: string): { secret: string; sealed: string } {
  const secret = generateWebhookSecret();
  return { secret, sealed: sealerOf(ctx).sealSecret(webhookSecretContext(agencyId, endpointId), secret) };
}

/**
 * One step on an endpoint of the principal's agency, as one unit of work with its access event:
 * the endpoint is found in the agency (404 if it is not there, or deleted), the step checked
 * against the ability, done, and logged under `rule`.
 */
export function onWebhookEndpoint<T>(
  ctx: Context,
  id: string,
  step: { action: Action; rule: RuleCode },
  work: (tx: ScopedTx, endpoint: WebhookEndpointView) => Promise<T>,
): Promise<T> {
  return withAudit(ctx, async (tx, log) => {
    const endpoint = await findWebhookEndpoint(tx, id);
    if (!endpoint) throw notFound('webhook endpoint', 'Endpoint de webhook inexistente');
    ensureCan(ctx.ability, step.action, 'Webhook', { agencyId: endpoint.agency_id });
    const result = await work(tx, endpoint);
    log.allow({ resource: 'Webhook', resourceId: endpoint.id, action: step.rule.slice('webhook.'.length), rule: step.rule });
    return result;
  });
}

/**
 * Changes the endpoint read, if it is still the version read (or the version the caller's
 * `If-Match` names): otherwise 412 to a caller who named a version, 409 to one who did not.
 */
export async function changeEndpoint(ctx: Context, tx: ScopedTx, endpoint: WebhookEndpointView, changes: WebhookEndpointChanges, expectedVersion?: number): Promise<WebhookEndpointView> {
  const row = await updateWebhookEndpointRow(tx, endpoint.id, changes, ctx.now(), expectedVersion ?? endpoint.version);
  if (!row)
    throw new PonteError(
      expectedVersion === undefined ? 'conflict' : 'precondition_failed',
      { en: 'The webhook endpoint changed since you read it; read it again', pt: 'O endpoint de webhook foi alterado desde a sua leitura; leia-o novamente' },
      undefined,
      { currentVersion: endpoint.version },
    );
  return row;
}
