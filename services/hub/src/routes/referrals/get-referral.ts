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
  description:
    'A referral in the view you may have of it (`view`): the sender sees everything; the receiving agency’s triage view (before acceptance) shows the service, purpose, urgency and an age band, sex, province and languages, never identity; the receiving caseworker’s view after acceptance; metadata only once it is closed. The answer’s `ETag` is its version, for `If-Match` on a transition. A referral your agency is no party to, or may not see, answers 404 `not_found`. Written to the access log.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: { ...json(Referral, 'The referral; `ETag` carries its version'), headers: ETAG_HEADER }, ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetReferral(app: HubApp) {
  app.openapi(route, async (c) => c.json(withEtag(c, await getReferral({ ctx: c.get('ctx'), input: c.req.valid('param') })), 200));
}
