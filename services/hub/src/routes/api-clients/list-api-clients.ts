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
  description:
    'Your agency’s API clients (machine identities for its systems), active or revoked, with their roles; never their secrets. Only your agency’s administrator may call it (403 `forbidden`). Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page).',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(ApiClient), 'A page of API clients'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerListApiClients(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listApiClients({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
