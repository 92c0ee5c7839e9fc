import { createRoute, z } from '@hono/zod-openapi';
import { deleteWebhookEndpoint } from '@ponte/core';
import { bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, WEBHOOK_CHANGE_PROBLEMS, WEBHOOK_TAGS } from '../shared';

const route = createRoute({
  method: 'delete',
  operationId: 'deleteWebhookEndpoint',
  path: '/v1/webhook-endpoints/{id}',
  tags: WEBHOOK_TAGS,
  summary: 'Delete an endpoint: it gets nothing more, its secrets are erased, and its pending deliveries end `cancelled`',
  description:
    'Deletes an endpoint: nothing more is posted to it, its signing secrets are erased, and its pending deliveries end `cancelled` (the answer says how many). Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404 `not_found`. Written to the access log.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(z.object({ cancelled: z.number().int().meta({ description: 'Pending deliveries ended `cancelled`' }) }), 'Deleted'), ...problems(...WEBHOOK_CHANGE_PROBLEMS) },
});

export function registerDeleteWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) => c.json(await deleteWebhookEndpoint({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id } }), 200));
}
