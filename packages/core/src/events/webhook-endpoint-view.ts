import type { WebhookEndpointRow } from '@ponte/db';
import { iso } from '../util';

/** A webhook endpoint as the API shows it to its agency. */
export function toWebhookEndpoint(row: WebhookEndpointRow) {
  return { id: row.id, url: row.url, description: row.description, eventTypes: row.event_types, status: row.status, createdAt: iso(row.created_at) };
}
