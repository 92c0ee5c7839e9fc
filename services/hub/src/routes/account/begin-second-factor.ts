import { createRoute } from '@hono/zod-openapi';
import { BeginSecondFactor, SecondFactorEnrolment } from '@ponte/contracts';
import { beginSecondFactor } from '@ponte/core';
import { json, jsonBody, problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';
import { OWN_ACCOUNT_PROBLEMS } from '../shared';
import { anonymousContextFor } from '../../verb-context';

const route = createRoute({
  method: 'post',
  operationId: 'beginSecondFactor',
  path: '/account/second-factor',
  tags: ['Accounts'],
  summary: 'Start enrolling a second factor (TOTP)',
  description: 'With the password: returns a new secret (and its otpauth URI, for a QR code) and a ticket; confirm with the first code from the app within ten minutes. Agencies require it of the roles they name (by default administrators and privacy officers), who cannot get a token before enrolling.',
  request: { body: jsonBody(BeginSecondFactor) },
  responses: {
    200: json(SecondFactorEnrolment, 'The secret to add to an authenticator app, and the ticket'),
    ...problems(...OWN_ACCOUNT_PROBLEMS, 'conflict'),
  },
});

export function registerBeginSecondFactor(app: HubApp, deps: HubDeps) {
  app.openapi(route, async (c) => c.json(await beginSecondFactor({ ctx: anonymousContextFor(deps, c.get('logger'), c.get('requestId')), input: c.req.valid('json') }), 200));
}
