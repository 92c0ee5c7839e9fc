import { randomUUID } from 'node:crypto';
import { insertWebhookEndpoint } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { ensurePublicWebhookUrl, newEndpointSecret, toWebhookEndpoint } from './webhook-endpoint-view';

/**
 * An agency administrator registers an endpoint for the agency's events. Deliveries are signed
 * with the Standard Webhooks `v1` scheme under the endpoint's own secret, answered here once and
 * never again, and with `v1a` under the hub's key.
 */
export async function createWebhookEndpoint({ ctx, input }: { ctx: Context; input: { url: string; description?: string | undefined; eventTypes: string[] } }) {
  ensurePublicWebhookUrl(ctx, input.url);
  return withAudit(ctx, async (tx, log) => {
    const agencyId = ctx.principal.agencyId!;
    ensureCanCreate(ctx.ability, 'Webhook', { agencyId });
    const id = randomUUID();
    const { secret, sealed } = newEndpointSecret(ctx, agencyId, id);
    const row = await insertWebhookEndpoint(tx, { agency_id: agencyId, id, url: input.url, description: input.description ?? null, event_types: input.eventTypes, secret_sealed: sealed, created_at: ctx.now() });
    log.allow({ resource: 'Webhook', resourceId: row.id, action: 'create', rule: 'webhook.register' });
    return { ...toWebhookEndpoint(row), secret };
  });
}
