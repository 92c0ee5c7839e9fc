import { createRoute } from '@hono/zod-openapi';
import { Referral } from '@ponte/contracts';
import { sendDraftReferral } from '@ponte/core';
import { bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, IfMatchAndIdempotencyKey, TRANSITION_PROBLEMS, versionFromIfMatch, withEtag } from '../shared';

const route = createRoute({
  method: 'post',
  path: '/v1/referrals/{id}/send',
  tags: ['Referrals'],
  summary: 'Send a draft (sender), once every check passes now',
  security: bearer,
  request: { params: IdParam, headers: IfMatchAndIdempotencyKey },
  responses: { 200: json(Referral, 'The referral after the transition'), ...problems(...TRANSITION_PROBLEMS) },
});

export function registerSendDraftReferral(app: HubApp) {
  app.openapi(route, async (c) => {
    const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match']);
    const referral = await sendDraftReferral({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, expectedVersion } });
    return c.json(withEtag(c, referral), 200);
  });
}
