import { createRoute, z } from '@hono/zod-openapi';
import { ReplayDeliveries } from '@ponte/contracts';
import { replayWebhookDeliveries } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'replayWebhookDeliveries',
  path: '/v1/webhook-deliveries/replay',
  tags: ['Events and webhooks'],
  summary: 'Deliver again: dead-lettered deliveries, or those of given events',
  description:
    'Puts deliveries back in the queue, as if new: every dead-lettered one (`dead: true`) or those of given events (`eventIds`, at most 500), whatever their state. Receivers get them again with the same `webhook-id`, so they deduplicate as for a retry. The answer says how many were queued. Only your agency’s administrator may call it (403 `forbidden`); a body with neither is 400 naming it. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(ReplayDeliveries), headers: IdempotencyKey },
  responses: { 200: json(z.object({ requeued: z.number().int() }), 'How many deliveries were queued again'), ...problems('invalid_request', 'malformed_body', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerReplayWebhookDeliveries(app: HubApp) {
  app.openapi(route, async (c) => c.json(await replayWebhookDeliveries({ ctx: c.get('ctx'), input: c.req.valid('json') }), 200));
}
