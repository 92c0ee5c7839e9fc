import { createRoute } from '@hono/zod-openapi';
import { Page, PageQuery, User } from '@ponte/contracts';
import { listUsers } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listUsers',
  path: '/v1/users',
  tags: ['Users'],
  summary: "Your agency's users (agency administrator)",
  description:
    'Every account of your agency, pending, active or disabled, with its roles and whether it has a second factor. Only your agency’s administrator may call it (403 `forbidden`). Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). Passwords and codes are never shown.',
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(User), 'A page of users, by username'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerListUsers(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listUsers({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
