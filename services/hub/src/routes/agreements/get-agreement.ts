import { createRoute } from '@hono/zod-openapi';
import { Agreement } from '@ponte/contracts';
import { getAgreement } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getAgreement',
  path: '/v1/agreements/{id}',
  tags: ['Agreements'],
  summary: 'One agreement',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Agreement, 'The agreement'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetAgreement(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getAgreement({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
