import { createRoute } from '@hono/zod-openapi';
import { RotateWebhookSecret } from '@ponte/contracts';
import { rotateWebhookSecret } from '@ponte/core';
import { bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, WEBHOOK_CHANGE_PROBLEMS, WEBHOOK_TAGS, WebhookEndpointWithSecret, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'rotateWebhookSecret',
  path: '/v1/webhook-endpoints/{id}/rotate-secret',
  tags: WEBHOOK_TAGS,
  summary: 'A new signing secret for an endpoint, shown once (agency administrator)',
  description:
    'For `overlapHours` (default 24, at most 168; 0 stops the old one at once) deliveries carry a `v1` signature under each secret, so the receiver changes over without refusing any. An endpoint made before endpoints had secrets gets its first this way.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RotateWebhookSecret), headers: IdempotencyKey },
  responses: { 200: { ...json(WebhookEndpointWithSecret, 'The endpoint, with its new secret (shown this once)'), headers: ETAG_HEADER }, ...problems(...WEBHOOK_CHANGE_PROBLEMS) },
});

export function registerRotateWebhookSecret(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await rotateWebhookSecret({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, overlapHours: c.req.valid('json').overlapHours } })), 200));
}
