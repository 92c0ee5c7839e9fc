import { createRoute } from '@hono/zod-openapi';
import { pauseWebhookEndpoint } from '@ponte/core';
import { bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WEBHOOK_CHANGE_PROBLEMS, WEBHOOK_TAGS, WebhookEndpoint, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'pauseWebhookEndpoint',
  path: '/v1/webhook-endpoints/{id}/pause',
  tags: WEBHOOK_TAGS,
  summary: 'Pause an endpoint: nothing is posted to it, and its deliveries (those pending and those of new events) wait until it resumes',
  description:
    'Pauses an endpoint, say while its receiver is down for maintenance: nothing is posted to it, and its deliveries, those pending and those of new events, wait without using up their attempts; resume it with `POST /v1/webhook-endpoints/{id}/resume`. Pausing a paused endpoint changes nothing. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` when the endpoint changed at that very moment (read it and retry). Takes no `If-Match`: it overwrites nothing you read. The answer carries the new `ETag`.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey },
  responses: { 200: { ...json(WebhookEndpoint, 'The endpoint'), headers: ETAG_HEADER }, ...problems(...WEBHOOK_CHANGE_PROBLEMS) },
});

export function registerPauseWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await pauseWebhookEndpoint({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id } })), 200));
}
