import { createRoute } from '@hono/zod-openapi';
import { User } from '@ponte/contracts';
import { disableUser } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'disableUser',
  path: '/v1/users/{id}/disable',
  tags: ['Users'],
  summary: 'Disable a user; their tokens stop working at once (agency administrator)',
  description:
    'Disables an account: its tokens stop working at once (the next request answers 401) and it cannot sign in again; its records and the access log entries that name it stay. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` for your own account. Written to the access log as an account event.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey },
  responses: {
    200: json(User, 'The user, disabled'),
    ...problems('invalid_request', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerDisableUser(app: HubApp) {
  app.openapi(route, async (c) => c.json(await disableUser({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
