import { createRoute } from '@hono/zod-openapi';
import { ChangePassword, PasswordChanged } from '@ponte/contracts';
import { changePassword } from '@ponte/core';
import { json, jsonBody, problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';
import { OWN_ACCOUNT_PROBLEMS } from '../shared';
import { anonymousContextFor } from '../../verb-context';

const route = createRoute({
  method: 'post',
  operationId: 'changePassword',
  path: '/account/password',
  tags: ['Accounts'],
  summary: 'Change your password',
  description: 'With the current password (and a code, if the account has a second factor). A password that is common, contains the account’s name or is the current one is refused.',
  request: { body: jsonBody(ChangePassword) },
  responses: {
    200: json(PasswordChanged, 'The password was changed'),
    ...problems(...OWN_ACCOUNT_PROBLEMS),
  },
});

export function registerChangePassword(app: HubApp, deps: HubDeps) {
  app.openapi(route, async (c) => c.json(await changePassword({ ctx: anonymousContextFor(deps, c.get('logger'), c.get('requestId')), input: c.req.valid('json') }), 200));
}
