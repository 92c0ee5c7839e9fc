import { createRoute, z } from '@hono/zod-openapi';
import { listLogHeads } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { JsonObject } from '../shared';

const route = createRoute({
  method: 'get',
  path: '/v1/log/heads',
  tags: ['Access log'],
  summary: 'Signed tree heads of the access log, oldest first: keep them as witness copies',
  security: bearer,
  request: { query: z.strictObject({ afterSize: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
  responses: { 200: json(z.object({ items: z.array(JsonObject) }), 'Heads, each a JWS signed with the hub’s key'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListLogHeads(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listLogHeads({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
