import { createRoute } from '@hono/zod-openapi';
import { WitnessKey } from '@ponte/contracts';
import { revokeWitnessKey } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdempotencyKey, IdParam } from '../shared';

const route = createRoute({
  method: 'post',
  operationId: 'revokeWitnessKey',
  path: '/v1/log/witness-keys/{id}/revoke',
  tags: ['Access log'],
  summary: 'Revoke a witness key of your agency: its cosignatures stay, it cosigns no more (agency administrator)',
  description:
    'Revokes a witness key of your agency: it cosigns no more checkpoints, and the cosignatures it made stay (they were true when made; `GET /v1/log/witness-keys?revoked=include` still lists it, with `revokedAt`). Only your agency’s administrator may call it (403 `forbidden`); another agency’s key answers 404 `not_found`. Written to the access log.',
  security: bearer,
  request: { params: IdParam, headers: IdempotencyKey },
  responses: { 200: json(WitnessKey, 'The key, revoked'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerRevokeWitnessKey(app: HubApp) {
  app.openapi(route, async (c) => c.json(await revokeWitnessKey({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
