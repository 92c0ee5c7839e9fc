import { createRoute } from '@hono/zod-openapi';
import { CreateWebhookEndpoint } from '@ponte/contracts';
import { createWebhookEndpoint } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, WEBHOOK_SIGNING, WebhookEndpointWithSecret } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'createWebhookEndpoint',
  path: '/v1/webhook-endpoints',
  tags: ['Events and webhooks'],
  summary: 'Register a webhook endpoint (agency administrator); its signing secret is answered once',
  description: WEBHOOK_SIGNING,
  security: bearer,
  request: { body: jsonBody(CreateWebhookEndpoint), headers: IdempotencyKey },
  responses: { 201: json(WebhookEndpointWithSecret, 'The endpoint, with its signing secret (shown this once)'), ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerCreateWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) => c.json(await createWebhookEndpoint({ ctx: c.get('ctx'), input: c.req.valid('json') }), 201));
}
