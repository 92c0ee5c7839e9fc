import { createRoute, z } from '@hono/zod-openapi';
import { PONTE_CODE_SYSTEM_IDS, ponteCodeSystem, type PonteCodeSystemId } from '@ponte/core';
import { label, type LabelKind } from '../../console/i18n';
import { problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';
import { fhirJson, FhirResource } from '../shared';

const LABELS: Record<PonteCodeSystemId, LabelKind> = { 'data-category': 'category', purpose: 'purpose', 'legal-basis': 'legalBasis', service: 'service' };

const route = createRoute({
  method: 'get',
  operationId: 'getCodeSystem',
  path: '/fhir/CodeSystem/{id}',
  tags: ['FHIR'],
  summary: 'One of the hub’s HL7 FHIR R5 CodeSystems, at its canonical URL',
  description:
    'Public, no token: the codes the hub writes in its FHIR resources (data categories in `Consent.provision.securityLabel` and `Task.input`, purposes, legal bases, services), each with its English display and Portuguese designation. The canonical URL of each is `<PONTE_PUBLIC_URL>/fhir/CodeSystem/<id>`.',
  request: { params: z.object({ id: z.enum(PONTE_CODE_SYSTEM_IDS) }) },
  responses: { 200: { description: 'FHIR R5 CodeSystem', content: { 'application/fhir+json': { schema: FhirResource } } }, ...problems('invalid_request') },
});

export function registerGetCodeSystem(app: HubApp, deps: HubDeps) {
  app.openapi(route, (c) => {
    const id = c.req.valid('param').id;
    c.header('cache-control', 'public, max-age=3600');
    return fhirJson(ponteCodeSystem(id, deps.publicUrl, (lang, code) => label(lang, LABELS[id], code)));
  });
}
