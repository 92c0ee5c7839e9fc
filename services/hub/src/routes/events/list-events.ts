import { createRoute, z } from '@hono/zod-openapi';
import { HubEvent } from '@ponte/contracts';
import { listEvents } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['Events and webhooks'],
  summary: "Your agency's events, in order (poll with the last `nextCursor`)",
  security: bearer,
  request: { query: z.strictObject({ after: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: json(z.object({ items: z.array(HubEvent), nextCursor: z.string() }), 'Events after the cursor'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListEvents(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listEvents({ ctx: c.get('ctx'), input: c.req.valid('query') }) as never, 200));
}
