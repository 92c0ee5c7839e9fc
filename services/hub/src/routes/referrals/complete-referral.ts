import { createRoute } from '@hono/zod-openapi';
import { CompleteReferral, Referral } from '@ponte/contracts';
import { completeReferral } from '@ponte/core';
import { bearer, json, jsonBody, problems, ETAG_HEADER } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'completeReferral',
  path: '/v1/referrals/{id}/complete',
  tags: ['Referrals'],
  summary: 'Complete a referral, with an outcome',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(CompleteReferral) },
  responses: { 200: { ...json(Referral, 'The referral after the transition'), headers: ETAG_HEADER }, ...problems(...TRANSITION_PROBLEMS) },
});

export function registerCompleteReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const referral = await completeReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion, ...c.req.valid('json') } });
    return c.json(withEtag(c, referral), 200);
  });
}
