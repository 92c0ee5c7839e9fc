import { httpRequestDuration, httpRequests, statusClass } from '@ponte/metrics';
import { traceRequest } from '@ponte/tracing';
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { DEFAULT_DOCUMENT_MAX_BYTES, fieldError, PonteError } from '@ponte/contracts';
import { CommitOutcomeUnknown, databaseUse, isDatabaseUnavailable, isTimeout, withinBudget } from '@ponte/db';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Context } from 'hono';
import { invalidRequest, problemResponse } from './problem';
import { registerConsole } from './console/index';
import { registerRoutes } from './routes/index';
import { memoryLimits } from './limit-stores';
import { wellFormedInput } from './middleware/well-formed-input';
import { isConsoleDocumentUpload, isDocumentUpload } from './routes/shared';
import { announceRateLimits } from './middleware/rate-limit';
import { isTokenRequest, tokenErrorResponse } from './token-errors';
import type { HubApp, HubDeps, HubEnv } from './types';

/** What a caller's own request id may be: printable ASCII, at most 128 characters. */
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** Builds the hub's HTTP app from its dependencies; `main.ts` serves it, tests call `app.request()`. */
/** The methods a metric names as they are; any other is `other` (a label takes values from a closed set). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createApp(deps: HubDeps): HubApp {
  const app: HubApp = new OpenAPIHono<HubEnv>({
    // Validation failures answer problem+json naming each field and the check that failed.
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error, result.target as 'json');
    },
  });

  // The hub names every request itself: that id is in the logs, the access log and the answer's
  // X-Request-Id. A caller's own X-Request-Id (printable ASCII, at most 128) is kept beside it, in
  // the logs and the access events, and echoed as X-Client-Request-Id; it never stands for the hub's.
  // The request is also a span (OpenTelemetry, when an exporter is configured) whose trace
  // continues the caller's `traceparent`; its trace id is in every log line of the request.
  app.use(async (c, next) => {
    const id = randomUUID();
    const given = c.req.header('x-request-id');
    const clientId = given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : undefined;
    const method = KNOWN_METHODS.has(c.req.method) ? c.req.method : 'other';
    const traced = traceRequest(method === 'other' ? '_OTHER' : method, (name) => c.req.header(name));
    c.set('requestId', id);
    if (clientId) c.set('clientRequestId', clientId);
    const started = performance.now();
    c.set('logger', deps.logger.child({ requestId: id, traceId: traced.traceId, ...(clientId ? { clientRequestId: clientId } : {}) }));
    await traced.run(next);
    c.res.headers.set('x-request-id', id);
    if (clientId) c.res.headers.set('x-client-request-id', clientId);
    const ms = performance.now() - started;
    // Route patterns, not paths: no identifier of a record or a person reaches the log line, a metric or a span.
    c.get('logger').info({ method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(ms) }, 'request');
    const labels = { route: c.req.routePath, method };
    httpRequests.inc({ ...labels, status_class: statusClass(c.res.status) });
    httpRequestDuration.observe(labels, ms / 1000);
    traced.end(c.req.routePath, c.res.status, { 'ponte.request_id': id });
  });
  app.use(secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  // The request's time: every unit of work opened for it waits, runs and commits within what is
  // left, and the answer comes only once the work has ended, so "timed out" means rolled back.
  app.use((_c, next) => withinBudget(deps.requestTimeoutMs ?? 30_000, next));
  // What the request cost the database: its round trips and their time, for whoever measures.
  if (deps.serverTiming)
    app.use(async (c, next) => {
      await next();
      const use = databaseUse();
      if (use) c.res.headers.append('server-timing', `db;dur=${use.ms.toFixed(1)};desc="${use.trips} round trips, ${use.statements} statements"`);
    });
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  app.use(announceRateLimits());
  const limitBody = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: () => {
      const text = { en: `The body may be at most ${deps.bodyLimitBytes} bytes`, pt: `O corpo pode ter no máximo ${deps.bodyLimitBytes} bytes` };
      throw new PonteError('payload_too_large', text, [fieldError('body', [], 'max_size', text)]);
    },
  });
  // A document's upload is streamed by its route, under the documents' own limit (`documentMaxBytes`);
  // the console's upload form is read whole, so it is held to that limit (and room for the form's fields).
  const limitConsoleDocument = bodyLimit({
    maxSize: (deps.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES) + 64 * 1024,
    onError: () => {
      throw new PonteError('payload_too_large');
    },
  });
  app.use((c, next) => {
    if (isDocumentUpload(c.req.method, c.req.path)) return next();
    return (isConsoleDocumentUpload(c.req.method, c.req.path) ? limitConsoleDocument : limitBody)(c, next);
  });

  app.use(wellFormedInput());

  // One place counts the rate limits of the API and the console: the deployment's store, or this process's memory.
  const limited = { ...deps, limits: deps.limits ?? memoryLimits() };
  registerRoutes(app, limited);
  registerConsole(app, limited);

  app.notFound(() => {
    throw new PonteError('not_found', { en: 'There is no such route', pt: 'Este caminho não existe' });
  });

  // Every failure is a problem document, except at the token endpoint, which answers as RFC 6749 says.
  app.onError((error, c) => (isTokenRequest(c) ? tokenErrorResponse : problemResponse)(c, asProblem(error, c)));

  return app;
}

function asProblem(error: Error, c: Context<HubEnv>): PonteError {
  if (error instanceof PonteError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  if (isTimeout(error)) {
    c.get('logger')?.warn({ err: error }, 'request stopped at its deadline; its work was rolled back');
    return new PonteError('timeout', undefined, undefined, { retryAfter: 1 });
  }
  if (error instanceof CommitOutcomeUnknown) {
    c.get('logger')?.warn({ err: error.cause }, 'the database connection failed while committing');
    return new PonteError('outcome_unknown', undefined, undefined, { retryAfter: 2 });
  }
  if (isDatabaseUnavailable(error)) {
    c.get('logger')?.warn({ err: error }, 'database unavailable');
    return new PonteError('unavailable', undefined, undefined, { retryAfter: 2 });
  }
  c.get('logger')?.error({ err: error }, 'unhandled error');
  return new PonteError('internal_error');
}

function fromHttpException(error: HTTPException): PonteError {
  if (error.status === 415) {
    const text = { en: 'Send the body as application/json', pt: 'Envie o corpo como application/json' };
    return new PonteError('unsupported_media_type', text, [fieldError('header', ['content-type'], 'media_type', text)]);
  }
  if (error.status === 413) return new PonteError('payload_too_large');
  if (error.status === 400)
    return new PonteError('malformed_body', { en: 'The body is not valid JSON', pt: 'O corpo não é JSON válido' }, [
      { in: 'body', field: '', pointer: '/body', check: 'json', message: { en: 'not valid JSON', pt: 'JSON inválido' } },
    ]);
  if (error.status === 401) return new PonteError('unauthenticated');
  if (error.status === 404) return new PonteError('not_found');
  return new PonteError(error.status >= 500 ? 'internal_error' : 'invalid_request');
}
