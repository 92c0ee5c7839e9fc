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
  description:
    'How many referrals your agency sent and received, by status and by service, the acceptance rate, the hours to accept and to complete (median and 90th percentile) and the share that missed their response deadline (`respondBy`), overall, by service (`timingByService`) and by partner agency (`byPartner`). Counts from 1 to 4 are shown as `"<5"` (and one more when a single one would be hidden), and a rate, share, median or percentile built on fewer than 5 referrals is null, so no small group can be singled out. Agency administrators, supervisors, privacy officers and intake focal points may call it (403 `forbidden` otherwise). The figures may be a few seconds old (read on a replica); the read is written to the access log.',
  security: bearer,
  responses: { 200: json(ReferralFigures, 'Figures for referrals sent and received'), ...problems('forbidden', ...AUTH_PROBLEMS) },
});

export function registerGetReferralFigures(app: HubApp) {
  app.openapi(route, async (c) => c.json(await referralFigures({ ctx: c.get('ctx') }), 200));
}
