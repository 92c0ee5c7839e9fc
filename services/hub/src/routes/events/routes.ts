import { createRoute, z } from '@hono/zod-openapi';
import { CreateWebhookEndpoint, HubEvent, ReplayDeliveries } from '@ponte/contracts';
import { createWebhookEndpoint, listEvents, listWebhookDeliveries, listWebhookEndpointsOfAgency, replayWebhookDeliveries } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';

const list = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['Events and webhooks'],
  summary: "Your agency's events, in order (poll with the last `nextCursor`)",
  security: bearer,
  request: { query: z.strictObject({ after: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: json(z.object({ items: z.array(HubEvent), nextCursor: z.string() }), 'Events after the cursor'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

const Endpoint = z.object({ id: z.string(), url: z.string(), description: z.string().nullable(), eventTypes: z.array(z.string()), status: z.string(), createdAt: z.string() }).meta({ id: 'WebhookEndpoint' });

const createEndpoint = createRoute({
  method: 'post',
  path: '/v1/webhook-endpoints',
  tags: ['Events and webhooks'],
  summary: 'Register a webhook endpoint (agency administrator); deliveries are signed with the Standard Webhooks v1a scheme',
  security: bearer,
  request: { body: jsonBody(CreateWebhookEndpoint) },
  responses: { 201: json(Endpoint, 'The endpoint'), ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', ...AUTH_PROBLEMS) },
});

const listEndpoints = createRoute({
  method: 'get',
  path: '/v1/webhook-endpoints',
  tags: ['Events and webhooks'],
  summary: "Your agency's webhook endpoints",
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(Endpoint) }), 'Endpoints'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

const deliveries = createRoute({
  method: 'get',
  path: '/v1/webhook-deliveries',
  tags: ['Events and webhooks'],
  summary: 'Webhook deliveries and their state (pending, delivered, dead)',
  security: bearer,
  request: { query: z.strictObject({ status: z.enum(['pending', 'delivered', 'dead']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Deliveries, newest first'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

const replay = createRoute({
  method: 'post',
  path: '/v1/webhook-deliveries/replay',
  tags: ['Events and webhooks'],
  summary: 'Deliver again: dead-lettered deliveries, or those of given events',
  security: bearer,
  request: { body: jsonBody(ReplayDeliveries) },
  responses: { 200: json(z.object({ requeued: z.number().int() }), 'How many deliveries were queued again'), ...problems('invalid_request', 'malformed_body', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerEvents(app: HubApp) {
  app.openapi(list, async (c) => c.json(await listEvents({ ctx: c.get('ctx'), input: c.req.valid('query') }) as never, 200));
  app.openapi(createEndpoint, async (c) => c.json(await createWebhookEndpoint({ ctx: c.get('ctx'), input: c.req.valid('json') }), 201));
  app.openapi(listEndpoints, async (c) => c.json(await listWebhookEndpointsOfAgency({ ctx: c.get('ctx') }), 200));
  app.openapi(deliveries, async (c) => c.json(await listWebhookDeliveries({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(replay, async (c) => c.json(await replayWebhookDeliveries({ ctx: c.get('ctx'), input: c.req.valid('json') }), 200));
}
