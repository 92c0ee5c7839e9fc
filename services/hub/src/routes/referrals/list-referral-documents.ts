import { createRoute } from '@hono/zod-openapi';
import { DocumentList } from '@ponte/contracts';
import { listReferralDocuments } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listReferralDocuments',
  path: '/v1/referrals/{id}/documents',
  tags: ['Referrals'],
  summary: "The referred subject's documents (metadata), for the receiving agency: only of the categories it may read now",
  description:
    "For the receiving agency: the referred subject's documents, newest first (at most 200), only of the categories it may read of the subject now, decided as for `GET /v1/referrals/{id}/subject` — shared by the referral, still allowed by an active consent and an agreement in force, the referral accepted or in progress, and you its assignee (or the team's supervisor). A referral you may not know of answers 404; the sending agency reads its subject's documents at `/v1/subjects/{id}/documents` (403, rule `referral.read_subject_in_own_agency`); 403 naming the rule when none may be read now (`referral.not_open`, `referral.consent_inactive`, `referral.not_assigned`, ...). Written to the access log for both agencies.",
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(DocumentList, 'The documents you may read, newest first'),
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerListReferralDocuments(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listReferralDocuments({ ctx: c.get('ctx'), input: { referralId: c.req.valid('param').id } }), 200));
}
