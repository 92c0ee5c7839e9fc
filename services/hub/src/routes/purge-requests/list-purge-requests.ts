import { createRoute, z } from '@hono/zod-openapi';
import { PurgeRequest } from '@ponte/contracts';
import { listPurgeRequests } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';

const PurgeRequestQuery = z.object({
  status: z.enum(['pending', 'all']).default('pending').meta({ description: '`pending` (the default): those not attested yet; `all`: every one' }),
  limit: z.coerce.number().int().min(1).max(200).default(100).meta({ description: 'At most this many, newest first (1 to 200, default 100)' }),
});
const PurgeRequestList = z.object({ items: z.array(PurgeRequest) }).meta({ id: 'PurgeRequestList' });

const route = createRoute({
  method: 'get',
  operationId: 'listPurgeRequests',
  path: '/v1/purge-requests',
  tags: ['Referrals'],
  summary: 'Purge requests your agency was asked, awaiting attestation by default',
  description:
    "The requests to purge an erased subject's data that your agency was asked as the recipient of a referral, newest first, with their deadlines and attestations: attest each with `POST /v1/referrals/{referralId}/purge-attestation`. For your agency's intake focal point, supervisors, privacy officer and API clients (403 `forbidden`, rule `Referral.attest_purge`, otherwise). Written to the access log.",
  security: bearer,
  request: { query: PurgeRequestQuery },
  responses: { 200: json(PurgeRequestList, 'The purge requests'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

export function registerListPurgeRequests(app: HubApp) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    return c.json(await listPurgeRequests({ ctx: c.get('ctx'), input: { pending: query.status === 'pending', limit: query.limit } }), 200);
  });
}
