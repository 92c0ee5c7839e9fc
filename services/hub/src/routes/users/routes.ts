import { createRoute, z } from '@hono/zod-openapi';
import { AssignableUser, CreateUser, Page, PageQuery, User, Uuid } from '@ponte/contracts';
import { createUser, disableUser, getUser, listAssignableCaseworkers, listUsers } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';

const IdParam = z.object({ id: Uuid });

const list = createRoute({
  method: 'get',
  path: '/v1/users',
  tags: ['Users'],
  summary: "Your agency's users (agency administrator)",
  security: bearer,
  request: { query: PageQuery },
  responses: { 200: json(Page(User), 'A page of users, by username'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

const get = createRoute({
  method: 'get',
  path: '/v1/users/{id}',
  tags: ['Users'],
  summary: 'One user of your agency',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(User, 'The user'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

const create = createRoute({
  method: 'post',
  path: '/v1/users',
  tags: ['Users'],
  summary: 'Add a user to your agency (agency administrator)',
  security: bearer,
  request: { body: jsonBody(CreateUser) },
  responses: {
    201: json(User, 'The user was created'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'conflict', ...AUTH_PROBLEMS),
  },
});

const disable = createRoute({
  method: 'post',
  path: '/v1/users/{id}/disable',
  tags: ['Users'],
  summary: 'Disable a user; their tokens stop working at once (agency administrator)',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(User, 'The user, disabled'),
    ...problems('invalid_request', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS),
  },
});

const assignable = createRoute({
  method: 'get',
  path: '/v1/assignable-users',
  tags: ['Users'],
  summary: 'The people of your agency a received referral may be assigned to (intake focal point, supervisor)',
  description: 'Active users who work on cases: id, display name, team and roles, nothing more. Use an `id` as `assigneeId` when accepting or assigning a referral.',
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(AssignableUser) }), 'Everyone assignable, by username'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

export function registerUsers(app: HubApp) {
  app.openapi(assignable, async (c) => c.json({ items: await listAssignableCaseworkers({ ctx: c.get('ctx') }) }, 200));
  app.openapi(list, async (c) => c.json(await listUsers({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(get, async (c) => c.json(await getUser({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
  app.openapi(create, async (c) => {
    const user = await createUser({ ctx: c.get('ctx'), input: c.req.valid('json') });
    c.header('location', `/v1/users/${user.id}`);
    return c.json(user, 201);
  });
  app.openapi(disable, async (c) => c.json(await disableUser({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
