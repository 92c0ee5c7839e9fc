import { createRoute } from '@hono/zod-openapi';
import { AccessEvent, AccessEventQuery, Page } from '@ponte/contracts';
import { listAccessEvents } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  path: '/v1/access-events',
  tags: ['Access log'],
  summary: "The access log: your agency's accesses and every access to its subjects (privacy officer)",
  security: bearer,
  request: {
    query: AccessEventQuery,
  },
  responses: { 200: json(Page(AccessEvent), 'Access events, oldest first'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListAccessEvents(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listAccessEvents({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
