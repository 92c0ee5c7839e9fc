import { createRoute } from '@hono/zod-openapi';
import { AcceptReferral, Referral } from '@ponte/contracts';
import { acceptReferral } from '@ponte/core';
import { bearer, json, jsonBody, problems, ETAG_HEADER } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, REFERRAL_EXAMPLE, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'acceptReferral',
  path: '/v1/referrals/{id}/accept',
  tags: ['Referrals'],
  summary: 'Accept a referral (intake focal point or supervisor of the receiving agency)',
  description:
    'The receiving agency takes the referral: its status goes from `sent` to `accepted`, the sender is told (`referral.accepted` event), and with `assigneeId` a caseworker of your agency takes the case. An intake focal point or a supervisor of the receiving agency may accept (403 `forbidden`, naming the rule, otherwise); 409 `conflict` (rule `referral.transition_not_allowed`, with `currentStatus`) when it is not `sent`; 422 `check_failed` when the consent or agreement it rests on no longer holds. `If-Match` is optional: when sent, a stale tag is 412. Written to the access log. Send `Idempotency-Key` to make retries safe.',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey, body: jsonBody(AcceptReferral, { assigneeId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098' }) },
  responses: { 200: { ...json(Referral, 'The referral after the transition', {
      ...REFERRAL_EXAMPLE,
      status: 'accepted',
      version: 2,
      triage: null,
      consentId: null,
      assigneeId: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098',
      acceptedAt: '2026-12-05T11:02:00Z',
      transitions: [...REFERRAL_EXAMPLE.transitions, { step: 'accept', from: 'sent', to: 'accepted', actorAgency: 'casa-esperanca', at: '2026-12-05T11:02:00Z', reason: null }],
      view: 'receiver',
    }), headers: ETAG_HEADER }, ...problems(...TRANSITION_PROBLEMS) },
});

export function registerAcceptReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const referral = await acceptReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion, ...c.req.valid('json') } });
    return c.json(withEtag(c, referral), 200);
  });
}
