import { createRoute } from '@hono/zod-openapi';
import { IssuedOneTimeCode, ResetUser } from '@ponte/contracts';
import { resetUser } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'resetUser',
  path: '/v1/users/{id}/reset',
  tags: ['Users'],
  summary: "Reset a user's password (agency administrator)",
  description:
    'The password stops working at once; the person sets a new one with the one-time code in the answer (shown once, valid 72 hours). With `removeSecondFactor` the second factor goes too (a lost phone), and the person enrols again.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(ResetUser), headers: IdempotencyKey },
  responses: {
    200: json(IssuedOneTimeCode, 'The user and the one-time code'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerResetUser(app: HubApp) {
  app.openapi(route, async (c) => c.json(await resetUser({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, reset: c.req.valid('json') } }), 200));
}
