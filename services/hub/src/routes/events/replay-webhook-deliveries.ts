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
  security: bearer,
  request: { body: jsonBody(ReplayDeliveries), headers: IdempotencyKey },
  responses: { 200: json(z.object({ requeued: z.number().int() }), 'How many deliveries were queued again'), ...problems('invalid_request', 'malformed_body', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerReplayWebhookDeliveries(app: HubApp) {
  app.openapi(route, async (c) => c.json(await replayWebhookDeliveries({ ctx: c.get('ctx'), input: c.req.valid('json') }), 200));
}
