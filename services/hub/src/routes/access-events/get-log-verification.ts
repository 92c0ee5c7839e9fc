import { createRoute } from '@hono/zod-openapi';
import { LogVerification } from '@ponte/contracts';
import { getLogVerification } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getLogVerification',
  path: '/v1/log/verifications/{id}',
  tags: ['Access log'],
  summary: 'Where a verification of the log stands, and its report once done',
  description:
    'A verification started with `POST /v1/log/verify`: `queued` or `running`, then `done` with its report (whether every event recomputes to the sealed leaves and every signed head verifies, and the first that does not) or `failed`. Poll it every few seconds. Only a privacy officer of the agency that started it may read it; anyone else gets 404 `not_found`.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(LogVerification, 'The verification'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetLogVerification(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getLogVerification({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id } }), 200));
}
