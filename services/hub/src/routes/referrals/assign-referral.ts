import { createRoute } from '@hono/zod-openapi';
import { AssignReferral, Referral } from '@ponte/contracts';
import { assignReferral } from '@ponte/core';
import { bearer, json, jsonBody, problems, ETAG_HEADER } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchRequiredAndIdempotencyKey, VERSIONED_CHANGE_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'assignReferral',
  path: '/v1/referrals/{id}/assign',
  tags: ['Referrals'],
  summary: 'Assign an accepted referral to a caseworker of the receiving agency',
  description:
    'Gives an accepted referral to a caseworker (and team) of the receiving agency; the status stays as it was and both agencies get a `referral.assigned` event. Take ids from `GET /v1/assignable-users`. An intake focal point or a supervisor of the receiving agency may assign (403 otherwise); 409 `conflict` when the referral is not accepted or in progress; an `assigneeId` that is no active caseworker of your agency is 400 naming it. `If-Match` is required: 428 without it, 412 when stale. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  middleware: [ifMatch('required')],
  request: { params: IdParam, headers: IfMatchRequiredAndIdempotencyKey, body: jsonBody(AssignReferral) },
  responses: { 200: { ...json(Referral, 'The referral as assigned'), headers: ETAG_HEADER }, ...problems(...VERSIONED_CHANGE_PROBLEMS) },
});

export function registerAssignReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const referral = await assignReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion, ...c.req.valid('json') } });
    return c.json(withEtag(c, referral), 200);
  });
}
