import { createRoute, z } from '@hono/zod-openapi';
import { SubjectAccessReport, SubjectReportQuery } from '@ponte/contracts';
import { reportAsCsv, reportAsHtml, subjectAccessReport } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import { languageOf } from '../../problem';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getSubjectAccessReport',
  path: '/v1/subjects/{id}/access-report',
  tags: ['Access log'],
  summary: '“Who saw my data”: every access to a subject’s data across agencies, as JSON, CSV or printable HTML, in English or Portuguese',
  description:
    'The “who saw my data” report for a data subject of your agency: every access to their data across all agencies (when, which agency, user or client, what, which categories, for what purpose, on what legal basis, allowed or denied), as JSON, CSV (`format=csv`, an attachment) or printable HTML (`format=html`), in English or Portuguese (`lang`, else `Accept-Language`). Only the owning agency’s privacy officer may produce it: anyone else gets 403 (rule `role.not_privacy_officer`) or 404. Producing it is written to the access log.',
  security: bearer,
  request: { params: IdParam, query: SubjectReportQuery },
  responses: {
    200: { description: 'The report', content: { 'application/json': { schema: SubjectAccessReport }, 'text/csv': { schema: z.string() }, 'text/html': { schema: z.string() } } },
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

export function registerGetSubjectAccessReport(app: HubApp) {
  app.openapi(route, async (c) => {
    const { format, lang } = c.req.valid('query');
    const language = lang ?? languageOf(c.req.header('accept-language'));
    const result = await subjectAccessReport({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, language } });
    c.header('content-language', language);
    if (format === 'csv') return c.body(reportAsCsv(result), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="access-report-${result.subjectReference}.csv"` }) as never;
    if (format === 'html') return c.html(reportAsHtml(result)) as never;
    return c.json(result as never, 200);
  });
}
