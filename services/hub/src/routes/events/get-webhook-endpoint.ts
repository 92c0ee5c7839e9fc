import { createRoute } from '@hono/zod-openapi';
import { getWebhookEndpoint } from '@ponte/core';
import { bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, WEBHOOK_ENDPOINT_PROBLEMS, WEBHOOK_TAGS, WebhookEndpoint, withEtag } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getWebhookEndpoint',
  path: '/v1/webhook-endpoints/{id}',
  tags: WEBHOOK_TAGS,
  summary: 'One webhook endpoint, with its ETag (agency administrator)',
  description:
    'One of your agency’s webhook endpoints, without its secret. The answer’s `ETag` is its version: send it in `If-Match` to change it (`PATCH`). Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404 `not_found`.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { ...json(WebhookEndpoint, 'The endpoint'), headers: ETAG_HEADER }, ...problems(...WEBHOOK_ENDPOINT_PROBLEMS) },
});

export function registerGetWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getWebhookEndpoint({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id } })), 200));
}
