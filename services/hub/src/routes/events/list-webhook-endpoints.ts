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
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(WebhookEndpoint) }), 'Endpoints'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

export function registerListWebhookEndpoints(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listWebhookEndpointsOfAgency({ ctx: c.get('ctx') }), 200));
}
