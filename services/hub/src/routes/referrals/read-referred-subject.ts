import { createRoute } from '@hono/zod-openapi';
import { ReferredSubject } from '@ponte/contracts';
import { readReferredSubject } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'readReferredSubject',
  path: '/v1/referrals/{id}/subject',
  tags: ['Referrals'],
  summary: 'The referred subject, as the receiving agency may read it now',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(ReferredSubject, 'The shared categories readable now'),
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerReadReferredSubject(app: HubApp) {
  app.openapi(route, async (c) => c.json((await readReferredSubject({ ctx: c.get('ctx'), input: { referralId: c.req.valid('param').id } })) as never, 200));
}
