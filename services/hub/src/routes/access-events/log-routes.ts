import { createRoute, z } from '@hono/zod-openapi';
import { AccessExportQuery, ReviewAccess, SubjectReportQuery, Uuid } from '@ponte/contracts';
import {
  accessEventProof,
  exportAccessEvents,
  listAccessFlags,
  listLogHeads,
  logConsistency,
  reportAsCsv,
  reportAsHtml,
  reviewAccess,
  subjectAccessReport,
  verifyAccessLog,
} from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, jsonBody, problems } from '../../openapi';
import { languageOf } from '../../problem';
import type { HubApp } from '../../types';

const Any = z.record(z.string(), z.unknown());

const heads = createRoute({
  method: 'get',
  path: '/v1/log/heads',
  tags: ['Access log'],
  summary: 'Signed tree heads of the access log, oldest first: keep them as witness copies',
  security: bearer,
  request: { query: z.strictObject({ afterSize: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
  responses: { 200: json(z.object({ items: z.array(Any) }), 'Heads, each a JWS signed with the hub’s key'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

const proof = createRoute({
  method: 'get',
  path: '/v1/log/events/{id}/proof',
  tags: ['Access log'],
  summary: 'Inclusion proof (RFC 6962 audit path) of an access event against the latest head',
  security: bearer,
  request: { params: z.object({ id: Uuid }) },
  responses: { 200: json(Any, 'The proof'), ...problems('invalid_request', 'forbidden', 'not_found', 'conflict', ...AUTH_PROBLEMS) },
});

const consistency = createRoute({
  method: 'get',
  path: '/v1/log/consistency',
  tags: ['Access log'],
  summary: 'Consistency proof between two sizes of the log (RFC 6962)',
  security: bearer,
  request: { query: z.strictObject({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }) },
  responses: { 200: json(Any, 'The proof'), ...problems('invalid_request', ...AUTH_PROBLEMS) },
});

const verify = createRoute({
  method: 'post',
  path: '/v1/log/verify',
  tags: ['Access log'],
  summary: 'Recompute the log and check every signed head; with `witness`, check the log still extends a head you kept',
  security: bearer,
  request: { body: jsonBody(z.strictObject({ witness: z.string().min(10).max(10_000).optional() })) },
  responses: { 200: json(Any, 'The verification report'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

const flags = createRoute({
  method: 'get',
  path: '/v1/access-flags',
  tags: ['Access log'],
  summary: 'Flags over the access log: break-glass, repeated denials, unusual volume, out of hours, reads without assignment',
  security: bearer,
  request: { query: z.strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }) },
  responses: { 200: json(Any, 'Flags with their reviews'), ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS) },
});

const review = createRoute({
  method: 'post',
  path: '/v1/access-reviews',
  tags: ['Access log'],
  summary: 'Mark an event or a flag reviewed, with a note, or escalate it (privacy officer)',
  security: bearer,
  request: { body: jsonBody(ReviewAccess) },
  responses: { 201: json(Any, 'The review'), ...problems('invalid_request', 'malformed_body', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

const report = createRoute({
  method: 'get',
  path: '/v1/subjects/{id}/access-report',
  tags: ['Access log'],
  summary: '“Who saw my data”: every access to a subject’s data across agencies, as JSON, CSV or printable HTML, in English or Portuguese',
  security: bearer,
  request: { params: z.object({ id: Uuid }), query: SubjectReportQuery },
  responses: {
    200: { description: 'The report', content: { 'application/json': { schema: Any }, 'text/csv': { schema: z.string() }, 'text/html': { schema: z.string() } } },
    ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS),
  },
});

const exportEvents = createRoute({
  method: 'get',
  path: '/v1/access-events/export',
  tags: ['Access log'],
  summary: 'The access log for a time range as HL7 FHIR R5 AuditEvent resources (a Bundle) or CSV',
  security: bearer,
  request: { query: AccessExportQuery },
  responses: {
    200: { description: 'The export', content: { 'application/fhir+json': { schema: Any }, 'text/csv': { schema: z.string() } } },
    ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS),
  },
});

export function registerAccessLog(app: HubApp) {
  app.openapi(heads, async (c) => c.json(await listLogHeads({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(proof, async (c) => c.json(await accessEventProof({ ctx: c.get('ctx'), input: { eventId: c.req.valid('param').id } }), 200));
  app.openapi(consistency, async (c) => c.json(await logConsistency({ ctx: c.get('ctx'), input: c.req.valid('query') }), 200));
  app.openapi(verify, async (c) => c.json((await verifyAccessLog({ ctx: c.get('ctx'), input: c.req.valid('json') })) as never, 200));
  app.openapi(flags, async (c) => c.json((await listAccessFlags({ ctx: c.get('ctx'), input: c.req.valid('query') })) as never, 200));
  app.openapi(review, async (c) => c.json(await reviewAccess({ ctx: c.get('ctx'), input: c.req.valid('json') }), 201));
  app.openapi(report, async (c) => {
    const { format, lang } = c.req.valid('query');
    const language = lang ?? languageOf(c.req.header('accept-language'));
    const result = await subjectAccessReport({ ctx: c.get('ctx'), input: { subjectId: c.req.valid('param').id, language } });
    c.header('content-language', language);
    if (format === 'csv') return c.body(reportAsCsv(result), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="access-report-${result.subjectReference}.csv"` }) as never;
    if (format === 'html') return c.html(reportAsHtml(result)) as never;
    return c.json(result as never, 200);
  });
  app.openapi(exportEvents, async (c) => {
    const query = c.req.valid('query');
    const result = await exportAccessEvents({ ctx: c.get('ctx'), input: query });
    if (query.format === 'csv') return c.body(result as string, 200, { 'content-type': 'text/csv; charset=utf-8' }) as never;
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/fhir+json; charset=utf-8' } }) as never;
  });
}
