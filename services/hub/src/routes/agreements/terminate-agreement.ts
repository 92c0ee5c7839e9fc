import { createRoute } from '@hono/zod-openapi';
import { Agreement, TerminateAgreement } from '@ponte/contracts';
import { terminateAgreement } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'terminateAgreement',
  path: '/v1/agreements/{id}/terminate',
  tags: ['Agreements'],
  summary: 'End an agreement before its term (hub operator)',
  description:
    'Ends an agreement at once, with a reason: no referral can be sent under it from then on, and the referrals already sent keep the legal basis they were sent with. Only a hub operator may call it (403 `forbidden`); 409 `conflict` when it is already terminated; 404 `not_found` for an unknown id.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(TerminateAgreement), headers: IdempotencyKey },
  responses: {
    200: json(Agreement, 'The agreement, terminated'),
    ...problems('invalid_request', 'malformed_body', 'unsupported_media_type', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS),
  },
});

export function registerTerminateAgreement(app: HubApp) {
  app.openapi(route, async (c) =>
    c.json(await terminateAgreement({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, reason: c.req.valid('json').reason } }), 200),
  );
}
