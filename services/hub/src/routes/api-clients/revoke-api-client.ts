import { createRoute } from '@hono/zod-openapi';
import { ApiClient } from '@ponte/contracts';
import { revokeApiClient } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'revokeApiClient',
  path: '/v1/api-clients/{id}/revoke',
  tags: ['API clients'],
  summary: 'Revoke an API client; its tokens stop working at once (agency administrator)',
  description:
    'Revokes an API client: its secret stops working and the tokens it holds are refused from the next request (401). Only your agency’s administrator may call it (403 `forbidden`); a client of another agency answers 404 `not_found`.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey },
  responses: { 200: json(ApiClient, 'The client, revoked'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerRevokeApiClient(app: HubApp) {
  app.openapi(route, async (c) => c.json(await revokeApiClient({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
