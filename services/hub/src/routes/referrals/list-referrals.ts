import { createRoute, z } from '@hono/zod-openapi';
import { Referral, ReferralListQuery } from '@ponte/contracts';
import { listReferrals } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'listReferrals',
  path: '/v1/referrals',
  tags: ['Referrals'],
  summary: "Your agency's inbox (received) or outbox (sent)",
  security: bearer,
  request: { query: ReferralListQuery },
  responses: { 200: json(z.object({ items: z.array(Referral), nextCursor: z.string().nullable() }), 'Referrals, newest first'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListReferrals(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listReferrals({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
