import { createRoute } from '@hono/zod-openapi';
import { DeclineReferral, Referral } from '@ponte/contracts';
import { declineReferral } from '@ponte/core';
import { bearer, json, jsonBody, problems, ETAG_HEADER } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'declineReferral',
  path: '/v1/referrals/{id}/decline',
  tags: ['Referrals'],
  summary: 'Decline a referral, with a reason',
  description:
    'The receiving agency refuses the referral, with a reason the sender reads; its status goes from `sent` to `declined` and both agencies get a `referral.declined` event. The body is `reasonCode`, from the closed list `DeclineReasonCode` (`no_capacity`, `outside_mandate`, `person_unreachable`, `duplicate_referral`, `consent_insufficient`, `other`), and `reason`, free text, optional except with `other`. The code is required: a body with the text alone (the shape before codes) is refused with 400 naming `reasonCode`, as is a code not in the list, and nothing changes. The event carries the code, never the text. An intake focal point or a supervisor of the receiving agency may decline (403 otherwise); 409 `conflict` when it is not `sent`. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(DeclineReferral) },
  responses: { 200: { ...json(Referral, 'The referral after the transition'), headers: ETAG_HEADER }, ...problems(...TRANSITION_PROBLEMS) },
});

export function registerDeclineReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const referral = await declineReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion, ...c.req.valid('json') } });
    return c.json(withEtag(c, referral), 200);
  });
}
