import { createRoute } from '@hono/zod-openapi';
import { CreatedUser, CreateUser } from '@ponte/contracts';
import { createUser } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, LOCATION_HEADER, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'createUser',
  path: '/v1/users',
  tags: ['Users'],
  summary: 'Add a user to your agency (agency administrator)',
  description:
    'Adds a person to your agency with their roles. Without a password the account is pending and the answer carries a one-time code (shown once, valid 72 hours) for the person to set their own at `POST /account/activate`. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` when the username is taken in the agency. Written to the access log as an account event. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  request: { body: jsonBody(CreateUser), headers: IdempotencyKey },
  responses: {
    201: { ...json(CreatedUser, 'The user was created; without a password given, pending with a one-time code shown once'), headers: LOCATION_HEADER },
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerCreateUser(app: HubApp) {
  app.openapi(route, async (c) => {
    const user = await createUser({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/users/${user.id}`);
    return c.json(user, 201);
  });
}
