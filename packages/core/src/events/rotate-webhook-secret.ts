import type { Context } from '../context';
import { changeEndpoint, newEndpointSecret, onWebhookEndpoint, toWebhookEndpoint } from './webhook-endpoint-view';

/**
 * An agency administrator gives an endpoint a new signing secret, shown once. For `overlapHours`
 * deliveries carry a `v1` signature under each secret, so the receiver changes over without
 * refusing any. An endpoint made before endpoints had secrets gets its first this way.
 */
export async function rotateWebhookSecret({ ctx, input }: { ctx: Context; input: { id: string; overlapHours: number } }) {
  return onWebhookEndpoint(ctx, input.id, { action: 'rotate_secret', rule: 'webhook.rotate_secret' }, async (tx, endpoint) => {
    const { secret, sealed } = newEndpointSecret(ctx, endpoint.agency_id, endpoint.id);
    const overlap = endpoint.secret_created_at !== null && input.overlapHours > 0;
    const row = await changeEndpoint(ctx, tx, endpoint, {
      secret: { sealed, previousExpiresAt: overlap ? new Date(ctx.now().getTime() + input.overlapHours * 3_600_000) : null },
    });
    return { ...toWebhookEndpoint(row), secret };
  });
}
