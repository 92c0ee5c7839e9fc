import { createRoute } from '@hono/zod-openapi';
import { exportConsentFhir } from '@ponte/core';
import { bearer } from '../../openapi';
import type { HubApp } from '../../types';
import { fhirJson, fhirRead, IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'exportConsentFhir',
  path: '/v1/consents/{id}/fhir',
  tags: ['Consent'],
  summary: 'The consent as an HL7 FHIR R5 Consent resource',
  description:
    'The consent’s latest version as an HL7 FHIR R5 `Consent` resource (`application/fhir+json`): categories as security labels, purposes and recipients in `provision`, with codes from the hub’s CodeSystems at `/fhir/CodeSystem/{id}`. Read as `GET /v1/consents/{id}` is, by the same people (404 `not_found` otherwise), and written to the access log.',
  security: bearer,
  request: { params: IdParam },
  responses: fhirRead('Consent'),
});

export function registerExportConsentFhir(app: HubApp) {
  app.openapi(route, async (c) => {
    const resource = await exportConsentFhir({ ctx: c.get('ctx'), input: { consentId: c.req.valid('param').id } });
    return fhirJson(resource);
  });
}
