import { createRoute } from '@hono/zod-openapi';
import { ReferralFigures } from '@ponte/contracts';
import { referralFigures } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'getReferralFigures',
  path: '/v1/referral-figures',
  tags: ['Referrals'],
  summary: "Your agency's referral figures; counts under 5 are suppressed",
  security: bearer,
  responses: { 200: json(ReferralFigures, 'Figures for referrals sent and received'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

export function registerGetReferralFigures(app: HubApp) {
  app.openapi(route, async (c) => c.json(await referralFigures({ ctx: c.get('ctx') }), 200));
}
