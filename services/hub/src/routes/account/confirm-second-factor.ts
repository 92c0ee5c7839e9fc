import { createRoute } from '@hono/zod-openapi';
import { ConfirmSecondFactor, RecoveryCodes } from '@ponte/contracts';
import { confirmSecondFactor } from '@ponte/core';
import { json, jsonBody, problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';
import { OWN_ACCOUNT_PROBLEMS } from '../shared';
import { anonymousContextFor } from '../../verb-context';

const route = createRoute({
  method: 'post',
  operationId: 'confirmSecondFactor',
  path: '/account/second-factor/confirm',
  tags: ['Accounts'],
  summary: 'Confirm a second factor with its first code',
  description: 'The first code from the app turns the enrolment on. The ten recovery codes in the answer are shown once; each signs in once in place of a code.',
  request: { body: jsonBody(ConfirmSecondFactor) },
  responses: {
    200: json(RecoveryCodes, 'The second factor is on; keep the recovery codes'),
    ...problems(...OWN_ACCOUNT_PROBLEMS, 'conflict'),
  },
});

export function registerConfirmSecondFactor(app: HubApp, deps: HubDeps) {
  app.openapi(route, async (c) => c.json(await confirmSecondFactor({ ctx: anonymousContextFor(deps, c.get('logger'), c.get('requestId')), input: c.req.valid('json') }), 200));
}
