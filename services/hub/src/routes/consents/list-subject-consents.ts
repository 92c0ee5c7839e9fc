import { createRoute, z } from '@hono/zod-openapi';
import { Consent } from '@ponte/contracts';
import { listSubjectConsents } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'listSubjectConsents',
  path: '/v1/subjects/{id}/consents',
  tags: ['Consent'],
  summary: "A subject's consents, with their status now",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(Consent) }), 'The consents, newest first'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerListSubjectConsents(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listSubjectConsents({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id } }), 200));
}
