import { createRoute } from '@hono/zod-openapi';
import { resumeWebhookEndpoint } from '@ponte/core';
import { bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WEBHOOK_CHANGE_PROBLEMS, WEBHOOK_TAGS, WebhookEndpoint, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'resumeWebhookEndpoint',
  path: '/v1/webhook-endpoints/{id}/resume',
  tags: WEBHOOK_TAGS,
  summary: 'Resume a paused endpoint: what waited goes out',
  description:
    'Resumes a paused endpoint: what waited goes out, in no set order, and new events are delivered again. Resuming an active endpoint changes nothing. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` when the endpoint changed at that very moment (read it and retry). Takes no `If-Match`: it overwrites nothing you read. The answer carries the new `ETag`.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey },
  responses: { 200: { ...json(WebhookEndpoint, 'The endpoint'), headers: ETAG_HEADER }, ...problems(...WEBHOOK_CHANGE_PROBLEMS) },
});

export function registerResumeWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await resumeWebhookEndpoint({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id } })), 200));
}
