import { createRoute, z } from '@hono/zod-openapi';
import { pingWebhookEndpoint } from '@ponte/core';
import { bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WEBHOOK_CHANGE_PROBLEMS, WEBHOOK_TAGS } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'pingWebhookEndpoint',
  path: '/v1/webhook-endpoints/{id}/ping',
  tags: WEBHOOK_TAGS,
  summary: 'A test delivery: a `ponte.ping` event (data: `{ endpointId }`) delivered to this endpoint alone, by the normal path and signed as every delivery is',
  description:
    'Queues a test delivery to this endpoint alone: a `ponte.ping` event (data: `{ endpointId }`), delivered by the normal path and signed as every delivery is, so the receiver can check its signature verification end to end. The answer is 202; to a paused endpoint it waits until the endpoint resumes. Follow it in `GET /v1/webhook-deliveries`. Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey },
  responses: { 202: json(z.object({ endpointId: z.string(), type: z.literal('ponte.ping') }), 'Queued for delivery'), ...problems(...WEBHOOK_CHANGE_PROBLEMS) },
});

export function registerPingWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) => c.json(await pingWebhookEndpoint({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id } }), 202));
}
