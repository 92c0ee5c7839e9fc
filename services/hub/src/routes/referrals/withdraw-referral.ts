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
  description:
    'The sender takes the referral back, with a reason: from `draft`, `sent`, `accepted` or `in_progress` to `withdrawn`. The receiving agency can no longer read the shared data and gets a `referral.withdrawn` event. Only who may work on the subject in the sending agency may withdraw (403 otherwise); 409 `conflict` once it is closed. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.',
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
