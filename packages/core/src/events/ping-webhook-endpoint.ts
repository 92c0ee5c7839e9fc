import { PING_EVENT_TYPE } from '@ponte/contracts';
import { insertEventsAtCommit } from '@ponte/db';
import type { Context } from '../context';
import { onWebhookEndpoint } from './webhook-endpoint-view';

/**
 * An agency administrator asks for a test delivery: a `ponte.ping` event, delivered to this
 * endpoint alone by the normal path (the outbox, the worker, both signatures), whatever event types
 * it chose. To a paused endpoint it waits, as every delivery does, until it resumes.
 */
export async function pingWebhookEndpoint({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<{ endpointId: string; type: typeof PING_EVENT_TYPE }> {
  return onWebhookEndpoint(ctx, input.id, { action: 'update', rule: 'webhook.ping' }, async (tx, endpoint) => {
    insertEventsAtCommit(tx, [{ agency_id: endpoint.agency_id, type: PING_EVENT_TYPE, referral_id: null, payload: { endpointId: endpoint.id }, created_at: ctx.now() }]);
    return { endpointId: endpoint.id, type: PING_EVENT_TYPE };
  });
}
