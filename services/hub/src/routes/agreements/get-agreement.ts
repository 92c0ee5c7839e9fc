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
  description:
    'One data-sharing agreement: its parties, purposes, categories, term and whether it is in force now. A hub operator may read any; an agency only one it is party to, and any other answers 404 `not_found` (another agency’s agreements are not told to exist).',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Agreement, 'The agreement'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetAgreement(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getAgreement({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
