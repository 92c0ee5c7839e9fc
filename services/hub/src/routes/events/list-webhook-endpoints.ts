import { createRoute, z } from '@hono/zod-openapi';
import { listWebhookEndpointsOfAgency } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { WebhookEndpoint } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listWebhookEndpoints',
  path: '/v1/webhook-endpoints',
  tags: ['Events and webhooks'],
  summary: "Your agency's webhook endpoints",
  description:
    'Your agency’s webhook endpoints: address, event types, status (`active`, `paused` or `disabled`) and when their signing secret was made; never the secret. Only your agency’s administrator may call it (403 `forbidden`). Not paged: an agency has few endpoints.',
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(WebhookEndpoint) }), 'Endpoints'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

export function registerListWebhookEndpoints(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listWebhookEndpointsOfAgency({ ctx: c.get('ctx') }), 200));
}
