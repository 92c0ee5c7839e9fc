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
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(LogVerification, 'The verification'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetLogVerification(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getLogVerification({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id } }), 200));
}
