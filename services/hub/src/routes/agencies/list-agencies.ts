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
  description:
    'Every agency of the network with its kind and the services it offers by province, in slug order. Any authenticated caller may read it: it is the network’s public directory and holds no case data, so nothing is written to the access log. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page).',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(Agency), 'A page of agencies, by slug'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListAgencies(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listAgencies({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
