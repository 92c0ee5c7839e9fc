import { createRoute, z } from '@hono/zod-openapi';
import { AccessExportQuery } from '@ponte/contracts';
import { exportAccessEvents } from '@ponte/core';
import type { Logger } from 'pino';
import { AUTH_PROBLEMS, bearer, problems } from '../../openapi';
import type { HubApp } from '../../types';
import { fhirJson, FhirResource } from '../shared';

const route = createRoute({
  method: 'get',
  path: '/v1/access-events/export',
  operationId: 'exportAccessEvents',
  tags: ['Access log'],
  summary: 'The access log for a time range as HL7 FHIR R5 AuditEvents (a paged `searchset` Bundle, or NDJSON) or CSV',
  description:
    'Every access event your agency may see (its own users’ and clients’ accesses, and every access to the subjects it holds) that occurred in `[from, to)`, oldest first, for your records or your SIEM. Only a privacy officer of the agency may export (403 `forbidden` otherwise, and the refusal is logged); each export request is itself recorded in the access log before anything is sent. ' +
    'Formats: `fhir` (default) answers a FHIR R5 `searchset` Bundle of AuditEvents (IHE BALP), at most `limit` (default and most 1000) a page: when more follow, the Bundle has a `next` link, the same query with a `cursor`; follow it until there is none. `total` is given only when the Bundle holds every match. ' +
    '`ndjson` (`application/fhir+ndjson`) and `csv` (`text/csv`, RFC 4180, a header line, CRLF line ends, a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with an apostrophe) stream the whole range in one answer, read from the log a page at a time, so any range can be exported; they take no `cursor` or `limit` (400). ' +
    'Each page is read in a short transaction of its own: an event is never given twice; an event written while the export runs is included when it falls after the point reached and before `to`, so export a range that has ended for a fixed result. ' +
    'A failure after the answer has started cannot become a problem: the hub then breaks the connection, so the transfer ends without its last chunk (an incomplete chunked body) and your client reports an error; never take a broken transfer for a short export. ' +
    'Bad input (a missing or reversed range, a cursor from elsewhere or another agency) is 400 `invalid_request` naming the field.',
  security: bearer,
  request: { query: AccessExportQuery },
  responses: {
    200: {
      description: 'The export: a Bundle page, or the whole range streamed as NDJSON or CSV',
      content: {
        'application/fhir+json': { schema: FhirResource },
        'application/fhir+ndjson': { schema: z.string().meta({ description: 'One FHIR R5 AuditEvent as JSON a line' }) },
        'text/csv': { schema: z.string().meta({ description: 'A header line, then one event a line' }) },
      },
    },
    ...problems('invalid_request', 'forbidden', ...AUTH_PROBLEMS),
  },
});

/**
 * Text chunks as a byte stream read on demand: the next chunk is made when the client has taken
 * the one before (the server writes with backpressure), so memory stays at a chunk or two. A
 * failure midway errors the stream, and the server breaks the connection: the client sees an
 * incomplete transfer, never a complete-looking short file.
 */
function streamOf(first: string, chunks: AsyncGenerator<string, void, undefined>, logger: Logger): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: string | undefined = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (pending !== undefined) {
            controller.enqueue(encoder.encode(pending));
            pending = undefined;
            return;
          }
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          logger.error({ err: error }, 'the access-log export failed after it started; the connection is broken');
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export function registerExportAccessEvents(app: HubApp) {
  app.openapi(route, async (c) => {
    const ctx = c.get('ctx');
    const result = await exportAccessEvents({ ctx, input: c.req.valid('query') });
    if (result.format === 'fhir') return fhirJson(result.bundle);
    // The first chunk is read before the answer starts: a failure there is still a problem.
    const first = await result.chunks.next();
    const body = first.done ? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() }) : streamOf(first.value, result.chunks, ctx.logger);
    return new Response(body, { status: 200, headers: { 'content-type': result.contentType } }) as never;
  });
}
