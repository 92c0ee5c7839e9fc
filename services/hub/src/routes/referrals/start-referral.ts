import { createRoute } from '@hono/zod-openapi';
import { Referral } from '@ponte/contracts';
import { startReferral } from '@ponte/core';
import { bearer, json, problems, ETAG_HEADER } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'startReferral',
  path: '/v1/referrals/{id}/start',
  tags: ['Referrals'],
  summary: 'Start delivering the service (assigned caseworker)',
  description:
    'The receiving agency starts delivering the service: `accepted` becomes `in_progress`, and both agencies get a `referral.started` event. Only the assigned caseworker, or a supervisor of the assigned team, may start it (403 otherwise); 409 `conflict` when it is not `accepted`. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey },
  responses: { 200: { ...json(Referral, 'The referral after the transition'), headers: ETAG_HEADER }, ...problems(...TRANSITION_PROBLEMS) },
});

export function registerStartReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const referral = await startReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion } });
    return c.json(withEtag(c, referral), 200);
  });
}
