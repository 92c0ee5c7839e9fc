import type { UpdateWebhookEndpoint } from '@ponte/contracts';
import type { Context } from '../context';
import { changeEndpoint, ensurePublicWebhookUrl, onWebhookEndpoint, toWebhookEndpoint } from './webhook-endpoint-view';

/** An agency administrator changes an endpoint's address, description or event types (with `If-Match`, only the version read). */
export async function updateWebhookEndpoint({ ctx, input }: { ctx: Context; input: { id: string; changes: UpdateWebhookEndpoint; expectedVersion?: number | undefined } }) {
  if (input.changes.url !== undefined) ensurePublicWebhookUrl(ctx, input.changes.url);
  return onWebhookEndpoint(ctx, input.id, { action: 'update', rule: 'webhook.update' }, async (tx, endpoint) => {
    const { url, description, eventTypes } = input.changes;
    return toWebhookEndpoint(await changeEndpoint(ctx, tx, endpoint, { url, description, event_types: eventTypes }, input.expectedVersion));
  });
}
