import { createRoute, z } from '@hono/zod-openapi';
import { listQuery, Page, WebhookDelivery } from '@ponte/contracts';
import { listWebhookDeliveries } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const DeliveryQuery = listQuery({ status: z.enum(['pending', 'delivered', 'dead', 'cancelled']).optional() }, { defaultLimit: 100, maxLimit: 500 });

const route = createRoute({
  method: 'get',
  operationId: 'listWebhookDeliveries',
  path: '/v1/webhook-deliveries',
  tags: ['Events and webhooks'],
  summary: 'Webhook deliveries and their state (pending, delivered, dead, or cancelled: its endpoint was deleted)',
  description:
    'The deliveries of your agency’s events to its endpoints, newest first, optionally of one `status`: `pending` (with its next attempt), `delivered`, `dead` (every attempt failed; replay it) or `cancelled` (its endpoint was deleted). A page holds at most `limit` (1 to 500, default 100); pass its `nextCursor` as `cursor` for the next, until it is null. Each names the event (the `webhook-id` the receiver saw), the attempts and the last error or HTTP status. Only your agency’s administrator may call it (403 `forbidden`).',
  security: bearer,
  request: { query: DeliveryQuery },
  responses: { 200: json(Page(WebhookDelivery), 'Deliveries, newest first'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListWebhookDeliveries(app: HubApp) {
  app.openapi(route, async (c) => c.json((await listWebhookDeliveries({ ctx: c.get('ctx'), input: c.req.valid('query') })) as never, 200));
}
