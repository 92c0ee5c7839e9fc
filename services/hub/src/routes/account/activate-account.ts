import { createRoute } from '@hono/zod-openapi';
import { ActivateAccount, AccountActivated } from '@ponte/contracts';
import { activateAccount } from '@ponte/core';
import { json, jsonBody, problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';
import { OWN_ACCOUNT_PROBLEMS } from '../shared';
import { anonymousContextFor } from '../../verb-context';

const route = createRoute({
  method: 'post',
  operationId: 'activateAccount',
  path: '/account/activate',
  tags: ['Accounts'],
  summary: 'Set your password with a one-time code',
  description: 'A new account (made by an administrator or the hub operator) or a reset one is activated with the one-time code its administrator gave: the person sets their own password. The code works once and expires. Rate limited per address and per account, like the token endpoint.',
  request: { body: jsonBody(ActivateAccount) },
  responses: {
    200: json(AccountActivated, 'The account is active: sign in with the new password'),
    ...problems(...OWN_ACCOUNT_PROBLEMS),
  },
});

export function registerActivateAccount(app: HubApp, deps: HubDeps) {
  app.openapi(route, async (c) => c.json(await activateAccount({ ctx: anonymousContextFor(deps, c.get('logger'), c.get('requestId')), input: c.req.valid('json') }), 200));
}
