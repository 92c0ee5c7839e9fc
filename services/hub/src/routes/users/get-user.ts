import { createRoute } from '@hono/zod-openapi';
import { User } from '@ponte/contracts';
import { getUser } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getUser',
  path: '/v1/users/{id}',
  tags: ['Users'],
  summary: 'One user of your agency',
  description:
    'One account of your agency. Your agency’s administrator may read any of its accounts; anyone else only their own (403 `forbidden`). An account of another agency answers 404 `not_found`.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(User, 'The user'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetUser(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getUser({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
