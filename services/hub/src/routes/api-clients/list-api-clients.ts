import { createRoute } from '@hono/zod-openapi';
import { ApiClient, Page, PageQuery } from '@ponte/contracts';
import { listApiClients } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listApiClients',
  path: '/v1/api-clients',
  tags: ['API clients'],
  summary: "Your agency's API clients (agency administrator)",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(ApiClient), 'A page of API clients'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerListApiClients(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listApiClients({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
