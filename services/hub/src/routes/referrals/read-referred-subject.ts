import { createRoute } from '@hono/zod-openapi';
import { ReferredSubject } from '@ponte/contracts';
import { readReferredSubject } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'readReferredSubject',
  path: '/v1/referrals/{id}/subject',
  tags: ['Referrals'],
  summary: 'The referred subject, as the receiving agency may read it now',
  description:
    'The referred person’s data, as the receiving agency may read it now: only the categories the referral shared and the consent (or other basis) still covers, only while the referral is open (accepted or in progress), and only to the assigned caseworker or their team’s supervisor. `access.withheld` names each category not shown and the rule that withheld it. 403 `forbidden` (naming the rule) when nothing may be read now; 404 for a referral you may not see. Written to the access log with the categories read.',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(ReferredSubject, 'The shared categories readable now'),
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerReadReferredSubject(app: HubApp) {
  app.openapi(route, async (c) => c.json((await readReferredSubject({ ctx: c.get('ctx'), input: { referralId: c.req.valid('param').id } })) as never, 200));
}
