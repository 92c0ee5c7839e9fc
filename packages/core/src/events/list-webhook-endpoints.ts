import { listWebhookEndpoints } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { toWebhookEndpoint } from './webhook-endpoint-view';

/** The agency's webhook endpoints, oldest first. */
export async function listWebhookEndpointsOfAgency({ ctx }: { ctx: Context }) {
  return withAudit(ctx, async (tx) => {
    ensureCanList(ctx.ability, 'Webhook', { agencyId: ctx.principal.agencyId! });
    const rows = await listWebhookEndpoints(tx);
    return { items: rows.map(toWebhookEndpoint) };
  });
}
