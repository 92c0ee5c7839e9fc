import { createRoute, z } from '@hono/zod-openapi';
import { Uuid } from '@ponte/contracts';
import { getReferralFhir } from '@ponte/core';
import { bearer } from '../../openapi';
import type { HubApp } from '../../types';
import { fhirJson, fhirRead } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'readReferralFhir',
  path: '/v1/fhir/{resourceType}/{id}',
  tags: ['FHIR'],
  summary: 'A referral as an HL7 FHIR R5 ServiceRequest or Task (the FHIR read interaction)',
  description: [
    'Read-only, the referral pattern of HL7 and IHE: `ServiceRequest/{id}` is what the sender asks for (the service, the purpose, the sender as requester, the recipient as performer), `Task/{id}` the work that tracks it (`focus` the ServiceRequest, `requester` the sender, `owner` the recipient).',
    "`Task.status` from the referral's: draft→draft, sent→requested, accepted→accepted, declined→rejected, in_progress→in-progress, completed→completed, withdrawn→cancelled.",
    'The same check, view and access event as `GET /v1/referrals/{id}`: the subject only where that view names it (masked otherwise), the consent for the sender only.',
  ].join(' '),
  security: bearer,
  request: { params: z.object({ resourceType: z.enum(['ServiceRequest', 'Task']), id: Uuid }) },
  responses: fhirRead('ServiceRequest or Task'),
});

export function registerReadReferralFhir(app: HubApp) {
  app.openapi(route, async (c) => fhirJson(await getReferralFhir({ ctx: c.get('ctx'), input: c.req.valid('param') })));
}
