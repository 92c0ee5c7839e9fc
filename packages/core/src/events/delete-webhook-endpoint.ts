import { cancelPendingDeliveries } from '@ponte/db';
import type { Context } from '../context';
import { changeEndpoint, onWebhookEndpoint } from './webhook-endpoint-view';

/**
 * An agency administrator deletes an endpoint: it gets nothing more, its secrets are erased and its
 * pending deliveries end `cancelled` (an attempt already in flight records nothing over that). The
 * endpoint's deliveries stay listed.
 */
export async function deleteWebhookEndpoint({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<{ cancelled: number }> {
  return onWebhookEndpoint(ctx, input.id, { action: 'delete', rule: 'webhook.delete' }, async (tx, endpoint) => {
    await changeEndpoint(ctx, tx, endpoint, { status: 'deleted' });
    return { cancelled: await cancelPendingDeliveries(tx, endpoint.id, ctx.now()) };
  });
}
