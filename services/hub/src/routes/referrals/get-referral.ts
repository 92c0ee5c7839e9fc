import { createRoute } from '@hono/zod-openapi';
import { Referral } from '@ponte/contracts';
import { getReferral } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, ETAG_HEADER, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, withEtag } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getReferral',
  path: '/v1/referrals/{id}',
  tags: ['Referrals'],
  summary: 'A referral: the sender’s view, the triage view before acceptance, the receiver’s view, or metadata after closure',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { ...json(Referral, 'The referral; `ETag` carries its version'), headers: ETAG_HEADER }, ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetReferral(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getReferral({ ctx: c.get('ctx'), input: c.req.valid('param') })), 200));
}
