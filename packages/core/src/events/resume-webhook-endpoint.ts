import type { Context } from '../context';
import { changeEndpoint, onWebhookEndpoint, toWebhookEndpoint } from './webhook-endpoint-view';

/** An agency administrator resumes a paused endpoint: what waited goes out, oldest first. */
export async function resumeWebhookEndpoint({ ctx, input }: { ctx: Context; input: { id: string } }) {
  return onWebhookEndpoint(ctx, input.id, { action: 'update', rule: 'webhook.resume' }, async (tx, endpoint) =>
    toWebhookEndpoint(endpoint.status === 'active' ? endpoint : await changeEndpoint(ctx, tx, endpoint, { status: 'active' })),
  );
}
