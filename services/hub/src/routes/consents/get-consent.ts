import { createRoute } from '@hono/zod-openapi';
import { Consent } from '@ponte/contracts';
import { getConsent } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getConsent',
  path: '/v1/consents/{id}',
  tags: ['Consent'],
  summary: 'One consent (its latest version) with its status now',
  description:
    'One consent in its latest version, with its status now and, if withdrawn, who asked, how and when. Who may work on its subject, or a privacy officer of its agency, may read it; anyone else gets 404 `not_found`. Written to the access log.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(Consent, 'The consent'), ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetConsent(app: HubApp) {
  app.openapi(route, async (c) => c.json(await getConsent({ ctx: c.get('ctx'), input: { consentId: c.req.valid('param').id } }), 200));
}
