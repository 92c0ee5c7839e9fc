import { findWebhookEndpoint } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { notFound } from '../util';
import { toWebhookEndpoint } from './webhook-endpoint-view';

/** One of the agency's webhook endpoints (never its secret), for an administrator. */
export async function getWebhookEndpoint({ ctx, input }: { ctx: Context; input: { id: string } }) {
  return withAudit(ctx, async (tx) => {
    const endpoint = await findWebhookEndpoint(tx, input.id);
    if (!endpoint) throw notFound('webhook endpoint', 'Endpoint de webhook inexistente');
    ensureCan(ctx.ability, 'read', 'Webhook', { agencyId: endpoint.agency_id });
    return toWebhookEndpoint(endpoint);
  });
}
