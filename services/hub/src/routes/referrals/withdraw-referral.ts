import { createRoute } from '@hono/zod-openapi';
import { WithdrawReferral, Referral } from '@ponte/contracts';
import { withdrawReferral } from '@ponte/core';
import { bearer, json, jsonBody, problems, ETAG_HEADER } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'withdrawReferral',
  path: '/v1/referrals/{id}/withdraw',
  tags: ['Referrals'],
  summary: 'Withdraw a referral (sender), with a reason',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(WithdrawReferral) },
  responses: { 200: { ...json(Referral, 'The referral after the transition'), headers: ETAG_HEADER }, ...problems(...TRANSITION_PROBLEMS) },
});

export function registerWithdrawReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const referral = await withdrawReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion, ...c.req.valid('json') } });
    return c.json(withEtag(c, referral), 200);
  });
}
