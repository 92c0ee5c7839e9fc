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
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(User), 'A page of users, by username'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerListUsers(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listUsers({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
