import { fieldError, PonteError } from '@ponte/contracts';
import { insertWebhookEndpoint } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { toWebhookEndpoint } from './webhook-endpoint-view';
import { webhookUrlProblem } from './webhook-transport';

const URL_CHECKS = {
  scheme: { check: 'http_scheme', message: { en: 'must be an http or https address', pt: 'tem de ser um endereço http ou https' } },
  credentials: { check: 'no_credentials', message: { en: 'may not carry a user name or password', pt: 'não pode conter utilizador nem palavra-passe' } },
  private_address: {
    check: 'public_address',
    message: { en: 'not a loopback, private, link-local or other non-public address', pt: 'não pode ser um endereço local, privado, de ligação local ou outro não público' },
  },
} as const;

/** An agency administrator registers an endpoint for the agency's events (Standard Webhooks, signed with the hub's key). */
export async function createWebhookEndpoint({ ctx, input }: { ctx: Context; input: { url: string; description?: string | undefined; eventTypes: string[] } }) {
  const problem = webhookUrlProblem(new URL(input.url));
  if (problem === 'scheme' || problem === 'credentials' || (problem === 'private_address' && !ctx.settings.allowPrivateWebhookTargets))
    throw new PonteError('invalid_request', { en: 'Webhooks go to public HTTP(S) addresses only', pt: 'Os webhooks vão apenas para endereços HTTP(S) públicos' }, [
      fieldError('body', ['url'], URL_CHECKS[problem].check, URL_CHECKS[problem].message),
    ]);
  return withAudit(ctx, async (tx, log) => {
    ensureCanCreate(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const row = await insertWebhookEndpoint(tx, { agency_id: ctx.principal.agencyId!, url: input.url, description: input.description ?? null, event_types: input.eventTypes, created_at: ctx.now() });
    log.allow({ resource: 'Webhook', resourceId: row.id, action: 'create', rule: 'webhook.register' });
    return toWebhookEndpoint(row);
  });
}
