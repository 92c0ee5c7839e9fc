import { createRoute } from '@hono/zod-openapi';
import { Agency, Page, PageQuery } from '@ponte/contracts';
import { listAgencies } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listAgencies',
  path: '/v1/agencies',
  tags: ['Agencies'],
  summary: "The network's agencies and the services they offer",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(Agency), 'A page of agencies, by slug'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListAgencies(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listAgencies({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
