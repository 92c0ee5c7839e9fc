import type { Context } from '../context';
import { changeEndpoint, onWebhookEndpoint, toWebhookEndpoint } from './webhook-endpoint-view';

/**
 * An agency administrator pauses an endpoint: nothing is posted to it meanwhile, and nothing is
 * lost: its pending deliveries, and those of the events written while it is paused, wait for
 * {@link resumeWebhookEndpoint}.
 */
export async function pauseWebhookEndpoint({ ctx, input }: { ctx: Context; input: { id: string } }) {
  return onWebhookEndpoint(ctx, input.id, { action: 'update', rule: 'webhook.pause' }, async (tx, endpoint) =>
    toWebhookEndpoint(endpoint.status === 'paused' ? endpoint : await changeEndpoint(ctx, tx, endpoint, { status: 'paused' })),
  );
}
