import { createRoute, z } from '@hono/zod-openapi';
import { Referral, ReferralListQuery } from '@ponte/contracts';
import { listReferrals } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { REFERRAL_EXAMPLE } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listReferrals',
  path: '/v1/referrals',
  tags: ['Referrals'],
  summary: "Your agency's inbox (received) or outbox (sent)",
  description:
    'Your agency’s inbox (`box=inbox`, referrals received; the default) or outbox (`box=outbox`, sent and drafts), newest first, optionally of one `status`, and with `overdue=true` only those now past a deadline (still `sent` after their response deadline `respondBy`, or accepted or in progress after the sender’s `dueDate`; `overdue=false`: only those that are not). Each referral is in the view you may have of it: the receiving agency sees triage only, no identity, until it accepts. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). The listing is written to the access log.',
  security: bearer,
  request: { query: ReferralListQuery },
  responses: { 200: json(z.object({ items: z.array(Referral), nextCursor: z.string().nullable() }), 'Referrals, newest first', { items: [REFERRAL_EXAMPLE], nextCursor: null }), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

export function registerListReferrals(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listReferrals({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
}
