import { createRoute } from '@hono/zod-openapi';
import { Referral } from '@ponte/contracts';
import { sendDraftReferral } from '@ponte/core';
import { bearer, json, problems, ETAG_HEADER } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSITION_PROBLEMS, ifMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'sendDraftReferral',
  path: '/v1/referrals/{id}/send',
  tags: ['Referrals'],
  summary: 'Send a draft (sender), once every check passes now',
  description:
    'Sends a draft made with `draft: true`: every check of `POST /v1/referrals` is made again now (the recipient offers the service, an agreement in force covers the purpose, the consent is active, names the recipient and covers the purpose), else 422 `check_failed` naming each. Its status goes from `draft` to `sent` and both agencies get a `referral.sent` event. Only who may work on the subject in the sending agency may send it (403 otherwise); 409 `conflict` when it is no draft. `If-Match` is optional (412 when stale). Written to the access log.',
  security: bearer,
  middleware: [ifMatch('optional')],
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey },
  responses: { 200: { ...json(Referral, 'The referral after the transition'), headers: ETAG_HEADER }, ...problems(...TRANSITION_PROBLEMS) },
});

export function registerSendDraftReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = c.get('expectedVersion');
    const referral = await sendDraftReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion } });
    return c.json(withEtag(c, referral), 200);
  });
}
