import { createRoute } from '@hono/zod-openapi';
import { ReferralMessageListQuery, ReferralMessagePage } from '@ponte/contracts';
import { listReferralMessages } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, REFERRAL_MESSAGE_EXAMPLE } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listReferralMessages',
  path: '/v1/referrals/{id}/messages',
  tags: ['Referrals'],
  summary: "A referral's conversation, oldest first; reading it records your read receipts",
  description:
    "The messages on a referral, oldest first, for the people on its conversation (the same who may write; it stays readable to them after the referral closes). Reading is the read receipt: the other agency's messages on the page are recorded as read by you, and each message says when the agency that did not write it first read it (`readByOtherSideAt`). A referral you may not know of answers 404 `not_found`; one you see but are not on the conversation of, 403 `forbidden` (rule `referral.converse_not_allowed`). Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). Written to the access log.",
  security: bearer,
  request: { params: IdParam, query: ReferralMessageListQuery },
  responses: {
    200: json(ReferralMessagePage, 'Messages, oldest first', { items: [{ ...REFERRAL_MESSAGE_EXAMPLE, readByOtherSideAt: '2026-12-05T10:20:00.000Z' }], nextCursor: null }),
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerListReferralMessages(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listReferralMessages({ ctx: c.get('ctx'), input: { ...c.req.valid('param'), ...c.req.valid('query') } }), 200));
}
