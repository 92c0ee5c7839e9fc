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
  description:
    'Every consent recorded for a subject, each in its latest version, with its status now (`active`, `withdrawn`, `expired`, `superseded` or `not_yet_valid`). Who may work on the subject, or a privacy officer of its agency, may read them; anyone else gets 404 `not_found`. Written to the access log.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(Consent) }), 'The consents, newest first'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerListSubjectConsents(app: HubApp) {
  app.openapi(route, async (c) => c.json(await listSubjectConsents({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id } }), 200));
}
