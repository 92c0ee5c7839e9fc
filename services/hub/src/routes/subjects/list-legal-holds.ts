import { createRoute, z } from '@hono/zod-openapi';
import { LegalHold } from '@ponte/contracts';
import { listLegalHolds } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const LegalHoldList = z.object({ items: z.array(LegalHold) }).meta({ id: 'LegalHoldList' });

const route = createRoute({
  method: 'get',
  operationId: 'listLegalHolds',
  path: '/v1/subjects/{id}/legal-holds',
  tags: ['Data subjects'],
  summary: "A subject's legal holds, active and released, newest first",
  description: "The legal holds of a subject of your agency, newest first. For whoever may know the subject (who works on it, the agency's privacy officer); 404 otherwise. Written to the access log.",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(LegalHoldList, 'The holds'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerListLegalHolds(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listLegalHolds({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id } }), 200));
}
