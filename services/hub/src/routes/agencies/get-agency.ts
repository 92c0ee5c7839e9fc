import { createRoute } from '@hono/zod-openapi';
import { Agency } from '@ponte/contracts';
import { getAgency } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { SlugParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getAgency',
  path: '/v1/agencies/{slug}',
  tags: ['Agencies'],
  summary: 'One agency',
  description:
    'One agency by its slug: its kind, names, status and the services it offers by province. Any authenticated caller may read it (no case data; nothing is written to the access log); 404 `not_found` when no agency has the slug.',
  security: bearer,
  request: { params: SlugParam },
  responses: { 200: json(Agency, 'The agency'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetAgency(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getAgency({ ctx: c.get('ctx'), input: c.req.valid('param') }), 200));
}
