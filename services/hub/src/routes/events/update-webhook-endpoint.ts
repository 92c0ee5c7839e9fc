import { createRoute } from '@hono/zod-openapi';
import { UpdateWebhookEndpoint } from '@ponte/contracts';
import { updateWebhookEndpoint } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatch, ifMatch, VERSIONED_CHANGE_PROBLEMS, WEBHOOK_TAGS, WebhookEndpoint, withEtag } from '../shared';

const route = createRoute({
  method: 'patch',
  operationId: 'updateWebhookEndpoint',
  path: '/v1/webhook-endpoints/{id}',
  tags: WEBHOOK_TAGS,
  summary: 'Change an endpoint’s address, description or event types (`If-Match` with the ETag you read is required)',
  description:
    'Changes an endpoint’s address, description or event types (an empty list: every event); deliveries already queued go to the new address. `If-Match` with the ETag of your last read is required: 428 without it, 412 when it changed since. Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404. An address that is not http(s), or (unless the deployment allows it) resolves to a private network, is 400 naming `url`.',
  security: bearer,
  middleware: [ifMatch('required')],
  request: { params: IdParam, body: jsonBody(UpdateWebhookEndpoint), headers: IfMatch },
  responses: { 200: { ...json(WebhookEndpoint, 'The endpoint as changed'), headers: ETAG_HEADER }, ...problems(...VERSIONED_CHANGE_PROBLEMS) },
});

export function registerUpdateWebhookEndpoint(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(withEtag(c, await updateWebhookEndpoint({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, changes: c.req.valid('json'), expectedVersion: c.get('expectedVersion') } })), 200),
  );
}
