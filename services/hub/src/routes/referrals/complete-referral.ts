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
  description:
    'Closes the referral with its outcome (for the sender to read): `accepted` or `in_progress` becomes `completed`; the shared data is no longer readable, and both agencies get a `referral.completed` event. The body is `outcomeCode`, from the closed list `OutcomeCode` (`service_provided`, `partly_provided`, `not_provided_person_unreachable`, `not_provided_person_declined`, `not_provided_no_capacity`, `not_provided_other`), and `outcome`, free text, optional except with `not_provided_other`. The code is required: a body with the text alone (the shape before codes) is refused with 400 naming `outcomeCode`, as is a code not in the list, and nothing changes. The event carries the code, never the text. Only the assigned caseworker, or a supervisor of the assigned team, may complete it (403 otherwise); 409 `conflict` from any other status. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.',
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
