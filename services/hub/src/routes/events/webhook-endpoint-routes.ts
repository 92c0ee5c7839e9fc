import { createRoute, z } from '@hono/zod-openapi';
import { RotateWebhookSecret, UpdateWebhookEndpoint } from '@ponte/contracts';
import { deleteWebhookEndpoint, getWebhookEndpoint, pauseWebhookEndpoint, pingWebhookEndpoint, resumeWebhookEndpoint, rotateWebhookSecret, updateWebhookEndpoint } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam, IfMatch, ifMatch, VERSIONED_CHANGE_PROBLEMS, WebhookEndpoint, WebhookEndpointWithSecret, withEtag, WRITE_PROBLEMS } from '../shared';

/** How a delivery is signed, for the operations that make or show an endpoint. */
export const WEBHOOK_SIGNING = [
  'Deliveries follow [Standard Webhooks](https://www.standardwebhooks.com/): headers `webhook-id` (the event id, stable across retries), `webhook-timestamp` (Unix seconds) and',
  '`webhook-signature`, a space-separated list: `v1,<base64 HMAC-SHA256 under the endpoint’s secret>` (two during a rotation’s overlap) and `v1a,<base64 Ed25519 signature under the hub’s key>`,',
  'both over `<webhook-id>.<webhook-timestamp>.<body>`; `ponte-key-id` names the hub key (its `kid` in `/.well-known/jwks.json`). The `standardwebhooks` libraries verify `v1` as they are:',
  '`new Webhook(secret).verify(body, headers)`.',
].join(' ');

const tags = ['Events and webhooks'];
const ENDPOINT_PROBLEMS = ['forbidden', 'not_found', ...AUTH_PROBLEMS] as const;
const CHANGE_PROBLEMS = [...WRITE_PROBLEMS, 'conflict'] as const;
const id = (c: { req: { valid: (target: 'param') => { id: string } } }) => c.req.valid('param').id;

const get = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  summary: 'One webhook endpoint, with its ETag (agency administrator)',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { ...json(WebhookEndpoint, 'The endpoint'), headers: ETAG_HEADER }, ...problems(...ENDPOINT_PROBLEMS) },
});

const update = createRoute({
  method: 'patch',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  summary: 'Change an endpoint’s address, description or event types (`If-Match` with the ETag you read is required)',
  security: bearer,
  middleware: [ifMatch('required')],
  request: { params: IdParam, body: jsonBody(UpdateWebhookEndpoint), headers: IfMatch },
  responses: { 200: { ...json(WebhookEndpoint, 'The endpoint as changed'), headers: ETAG_HEADER }, ...problems(...VERSIONED_CHANGE_PROBLEMS) },
});

const step = (path: 'pause' | 'resume', summary: string) =>
  createRoute({
    method: 'post',
    path: `/v1/webhook-endpoints/{id}/${path}`,
    tags,
    summary,
    security: bearer,
    request: { params: IdParam, headers: IdempotencyKey },
    responses: { 200: { ...json(WebhookEndpoint, 'The endpoint'), headers: ETAG_HEADER }, ...problems(...CHANGE_PROBLEMS) },
  });
const pause = step('pause', 'Pause an endpoint: nothing is posted to it, and its deliveries (those pending and those of new events) wait until it resumes');
const resume = step('resume', 'Resume a paused endpoint: what waited goes out');

const remove = createRoute({
  method: 'delete',
  path: '/v1/webhook-endpoints/{id}',
  tags,
  summary: 'Delete an endpoint: it gets nothing more, its secrets are erased, and its pending deliveries end `cancelled`',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(z.object({ cancelled: z.number().int().meta({ description: 'Pending deliveries ended `cancelled`' }) }), 'Deleted'), ...problems(...CHANGE_PROBLEMS) },
});

const ping = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{id}/ping',
  tags,
  summary: 'A test delivery: a `ponte.ping` event (data: `{ endpointId }`) delivered to this endpoint alone, by the normal path and signed as every delivery is',
  description: 'To a paused endpoint it waits until the endpoint resumes. Follow it in `GET /v1/webhook-deliveries`.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey },
  responses: { 202: json(z.object({ endpointId: z.string(), type: z.literal('ponte.ping') }), 'Queued for delivery'), ...problems(...CHANGE_PROBLEMS) },
});

const rotate = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints/{id}/rotate-secret',
  tags,
  summary: 'A new signing secret for an endpoint, shown once (agency administrator)',
  description:
    'For `overlapHours` (default 24, at most 168; 0 stops the old one at once) deliveries carry a `v1` signature under each secret, so the receiver changes over without refusing any. An endpoint made before endpoints had secrets gets its first this way.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(RotateWebhookSecret), headers: IdempotencyKey },
  responses: { 200: json(WebhookEndpointWithSecret, 'The endpoint, with its new secret (shown this once)'), ...problems(...CHANGE_PROBLEMS) },
});

/** The lifecycle of an agency's webhook endpoints, after `POST /v1/webhook-endpoints`: read, change, pause, resume, delete, test, rotate. */
export function registerWebhookEndpointLifecycle(app: HubApp) {
  app.openapi(get, async (c) => c.json(withEtag(c, await getWebhookEndpoint({ ctx: c.get('ctx'), input: { id: id(c) } })), 200));
  app.openapi(update, async (c) =>
    c.json(withEtag(c, await updateWebhookEndpoint({ ctx: c.get('ctx'), input: { id: id(c), changes: c.req.valid('json'), expectedVersion: c.get('expectedVersion') } })), 200),
  );
  app.openapi(pause, async (c) => c.json(withEtag(c, await pauseWebhookEndpoint({ ctx: c.get('ctx'), input: { id: id(c) } })), 200));
  app.openapi(resume, async (c) => c.json(withEtag(c, await resumeWebhookEndpoint({ ctx: c.get('ctx'), input: { id: id(c) } })), 200));
  app.openapi(remove, async (c) => c.json(await deleteWebhookEndpoint({ ctx: c.get('ctx'), input: { id: id(c) } }), 200));
  app.openapi(ping, async (c) => c.json(await pingWebhookEndpoint({ ctx: c.get('ctx'), input: { id: id(c) } }), 202));
  app.openapi(rotate, async (c) => c.json(await rotateWebhookSecret({ ctx: c.get('ctx'), input: { id: id(c), overlapHours: c.req.valid('json').overlapHours } }), 200));
}
