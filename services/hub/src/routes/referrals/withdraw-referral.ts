import { createRoute } from '@hono/zod-openapi';
import { WithdrawReferral, Referral } from '@ponte/contracts';
import { withdrawReferral } from '@ponte/core';
import { bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSITION_PROBLEMS, versionFromIfMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  path: '/v1/referrals/{id}/withdraw',
  tags: ['Referrals'],
  summary: 'Withdraw a referral (sender), with a reason',
  security: bearer,
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(WithdrawReferral) },
  responses: { 200: json(Referral, 'The referral after the transition'), ...problems(...TRANSITION_PROBLEMS) },
});

export function registerWithdrawReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match']);
    const referral = await withdrawReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion, ...c.req.valid('json') } });
    return c.json(withEtag(c, referral), 200);
  });
}
