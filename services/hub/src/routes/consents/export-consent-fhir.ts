import { createRoute } from '@hono/zod-openapi';
import { exportConsentFhir } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { IdParam, JsonObject } from '../shared';

const route = createRoute({
  method: 'get',
  path: '/v1/consents/{id}/fhir',
  tags: ['Consent'],
  summary: 'The consent as an HL7 FHIR R5 Consent resource',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: { description: 'FHIR R5 Consent', content: { 'application/fhir+json': { schema: JsonObject } } },
    ...problems('invalid_request', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerExportConsentFhir(app: HubApp) {
  app.openapi(route, async (c) => {
    const resource = await exportConsentFhir({ ctx: c.get('ctx'), input: { consentId: c.req.valid('param').id } });
    // FHIR's own media type; the body is the resource as JSON.
    return new Response(JSON.stringify(resource), { status: 200, headers: { 'content-type': 'application/fhir+json; charset=utf-8' } }) as never;
  });
}
