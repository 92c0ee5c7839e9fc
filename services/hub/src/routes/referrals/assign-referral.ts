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
