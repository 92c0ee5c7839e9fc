import { createRoute, z } from '@hono/zod-openapi';
import { AccessExportQuery } from '@ponte/contracts';
import { exportAccessEvents } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { fhirJson, FhirResource } from '../shared';

const route = createRoute({
  method: 'get',
  path: '/v1/access-events/export',
  tags: ['Access log'],
  summary: 'The access log for a time range as HL7 FHIR R5 AuditEvent resources (a `searchset` Bundle) or CSV',
  security: bearer,
  request: { query: AccessExportQuery },
  responses: {
    200: { description: 'The export', content: { 'application/fhir+json': { schema: FhirResource }, 'text/csv': { schema: z.string() } } },
    ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS),
  },
});

export function registerExportAccessEvents(app: HubApp) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const result = await exportAccessEvents({ ctx: c.get('ctx'), input: query });
    if (query.format === 'csv') return c.body(result as string, 200, { 'content-type': 'text/csv; charset=utf-8' }) as never;
    return fhirJson(result as { resourceType: string });
  });
}
