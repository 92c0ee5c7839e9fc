import { createRoute } from '@hono/zod-openapi';
import { CreateWebhookEndpoint } from '@ponte/contracts';
import { createWebhookEndpoint } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, WEBHOOK_SIGNING, WebhookEndpointWithSecret, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'createWebhookEndpoint',
  path: '/v1/webhook-endpoints',
  tags: ['Events and webhooks'],
  summary: 'Register a webhook endpoint (agency administrator); its signing secret is answered once',
  description:
    'Registers an address of your agency’s to receive its events (those of `eventTypes`; none listed: every event), as the `webhooks` of this description show them. ' +
    'Only your agency’s administrator may call it (403 `forbidden`); the address must be public `http(s)` (unless the deployment allows private targets), else 400 naming `url`. Written to the access log; the answer carries the endpoint’s `ETag` and `Location`. ' +
    WEBHOOK_SIGNING,
  security: bearer,
  request: { body: jsonBody(CreateWebhookEndpoint), headers: IdempotencyKey },
  responses: { 201: { ...json(WebhookEndpointWithSecret, 'The endpoint, with its signing secret (shown this once)'), headers: { ...ETAG_HEADER, ...LOCATION_HEADER } }, ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerCreateWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) => {
    const endpoint = await createWebhookEndpoint({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/webhook-endpoints/${endpoint.id}`);
    return c.json(withEtag(c, endpoint), 201);
  });
}
