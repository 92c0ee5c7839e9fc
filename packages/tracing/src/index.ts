import { randomUUID } from 'node:crypto';
import { context, diag, DiagLogLevel, isValidTraceId, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { envDetector, detectResources, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type Sampler } from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { describeStatement } from './statements';

/**
 * Tracing, OpenTelemetry's way: a span for each request, the verb it runs and each round trip to
 * the database, exported by OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `…_TRACES_ENDPOINT`) is set
 * and off, at the cost of one check, otherwise. Spans keep the metrics' discipline: route patterns,
 * rule and error codes, statements with every value replaced by `?`; never a personal value.
 */

export { SpanKind, type Span } from '@opentelemetry/api';
export { describeStatement, sanitizeStatement, type StatementDescription } from './statements';

/** As OpenTelemetry's specification asks, a variable set to the empty string is unset. */
const otel = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
/** Values of a closed set are read case-insensitively, as the specification asks of its enums and booleans. */
const lower = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value), schema);
const flag = lower(z.enum(['true', 'false', '1', '0'])).transform((v) => v === 'true' || v === '1');
const otlpProtocol = z.enum(['http/protobuf', 'http/json'], { error: 'the hub exports OTLP over HTTP: http/protobuf (the default) or http/json; gRPC is not built in' });

const collectorUrl = otel(z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL of the collector (OTLP/HTTP, port 4318 by default)' }).optional());

/** The standard OpenTelemetry settings the hub and the worker read (the exporter reads its headers, timeout and certificates itself). */
export const TracingEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collectorUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: otel(otlpProtocol.optional()),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otel(otlpProtocol.optional()),
  /** A comma-separated list: traces go out by OTLP when it names `otlp` (the only exporter built in); `none` alone turns them off. */
  OTEL_TRACES_EXPORTER: otel(lower(z.string().regex(/^[a-z_]+(\s*,\s*[a-z_]+)*$/, 'a comma-separated list of exporter names (otlp, none)')).optional()),
  OTEL_SDK_DISABLED: otel(flag.optional()),
  OTEL_SERVICE_NAME: otel(z.string().min(1).optional()),
  OTEL_TRACES_SAMPLER: otel(lower(z.enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])).default('parentbased_always_on')),
  OTEL_TRACES_SAMPLER_ARG: otel(z.coerce.number().min(0).max(1).optional()),
  /** Milliseconds between two exports of the finished spans (the batch processor's delay). */
  OTEL_BSP_SCHEDULE_DELAY: otel(z.coerce.number().int().min(1).max(600_000).default(5000)),
};

const TracingSchema = z.object(TracingEnv);
export type TracingSettings = z.output<typeof TracingSchema>;

let active = false;
const tracer = trace.getTracer('ponte');

/** Whether spans are made at all (an exporter is configured): everything here is a pass-through otherwise. */
export const tracingActive = () => active;

/**
 * Starts tracing when an OTLP endpoint is configured; returns how to flush and stop it, or
 * undefined when it stays off. `warn` hears the SDK's own troubles (an unreachable collector).
 */
export function startTracing(settings: TracingSettings, service: string, warn: (message: string) => void): { shutdown: () => Promise<void> } | undefined {
  const endpoint = settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporters = settings.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim());
  if (!endpoint || settings.OTEL_SDK_DISABLED || (exporters && !exporters.includes('otlp'))) return undefined;
  diag.setLogger({ error: warn, warn, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const protocol = settings.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? settings.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  const exporter = protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.OTEL_SERVICE_NAME ?? service }).merge(detectResources({ detectors: [envDetector] })),
    sampler: samplerOf(settings),
    // A statement's text is cut at this length: a long statement list stays one readable attribute.
    spanLimits: { attributeValueLengthLimit: 4096 },
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: settings.OTEL_BSP_SCHEDULE_DELAY })],
  });
  trace.setGlobalTracerProvider(provider);
  active = true;
  return {
    shutdown: async () => {
      active = false;
      await provider.shutdown().catch((error: unknown) => warn(`flushing the last spans failed: ${error instanceof Error ? error.message : String(error)}`));
    },
  };
}

function samplerOf(settings: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.OTEL_TRACES_SAMPLER_ARG ?? 1);
  switch (settings.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** What a failure is, as a closed set: a domain error's code, an SQLSTATE, or the error's class. */
export type ErrorType = (error: unknown) => string;

const errorTypeOf: ErrorType = (error) => {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[a-z0-9_]{1,64}$/i.test(code)) return code;
  return error instanceof Error ? error.name : typeof error;
};

/**
 * Runs `work` in a span of its own, the parent of the spans `work` makes. A failure sets the
 * span's status and `error.type`, never the error's message (a database's message may quote a value).
 * With tracing off, or `needsParent` and no span kept open (none, or a trace sampled out), `work`
 * runs as it is.
 */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; needsParent?: boolean; errorType?: ErrorType },
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!active) return work(undefined);
  const parent = context.active();
  // Inside a trace that is not kept (sampled out), nothing below it is made either.
  if (options.needsParent && !trace.getSpan(parent)?.isRecording()) return work(undefined);
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(span);
    } catch (error) {
      span.setAttribute('error.type', (options.errorType ?? errorTypeOf)(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A verb's span, inside a request's: named after the verb, the parent of its round trips to the database. */
export function traced<F extends (...args: never[]) => Promise<unknown>>(name: string, verb: F, errorType?: ErrorType): F {
  const attributes = { 'code.function.name': name };
  return ((...args: Parameters<F>) => (active ? inSpan(name, { attributes, needsParent: true, ...(errorType ? { errorType } : {}) }, () => verb(...args)) : verb(...args))) as F;
}

/** A request as a server span: its trace continues the caller's `traceparent`, or starts one. */
export interface RequestTrace {
  traceId: string;
  /** Runs the request's handling inside the span (or as it is, with tracing off). */
  run<T>(handle: () => Promise<T>): Promise<T>;
  /** Names the span after the route that answered and records the status; ends it. */
  end(route: string, status: number, attributes?: Attributes): void;
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

export function traceRequest(method: string, header: (name: string) => string | undefined): RequestTrace {
  if (!active) {
    // Off: the caller's trace id, or a new one, still ties the request's log lines to its trace.
    const given = TRACEPARENT.exec(header('traceparent')?.trim().toLowerCase() ?? '')?.[1];
    const traceId = given && isValidTraceId(given) ? given : randomUUID().replaceAll('-', '');
    return { traceId, run: (handle) => handle(), end: () => undefined };
  }
  const parent = propagation.extract(ROOT_CONTEXT, undefined, {
    keys: () => ['traceparent', 'tracestate'],
    get: (_carrier, key) => header(key),
  });
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  // Sampled out: the request runs as with tracing off (its verbs and statements make no span), under its trace id still.
  if (!span.isRecording()) return { traceId: span.spanContext().traceId, run: (handle) => handle(), end: () => undefined };
  const within: Context = trace.setSpan(parent, span);
  return {
    traceId: span.spanContext().traceId,
    run: (handle) => context.with(within, handle),
    end: (route, status, attributes) => {
      span.updateName(`${method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status, ...attributes });
      if (status >= 500) {
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/** Adds attributes to the span open now (the request's, a verb's), if any is recording. */
export function annotate(attributes: Attributes): void {
  if (!active) return;
  const span = trace.getSpan(context.active());
  if (span?.isRecording()) span.setAttributes(attributes);
}

/** Where a statement goes, as the database semantic conventions name it (`db.system.name`, `db.namespace`, `server.*`). */
export type DatabaseTarget = Attributes;

/**
 * A round trip to the database as a client span, inside the request's or verb's span (a round
 * trip of a background loop, with no span open, or of a trace sampled out, makes none): its sanitized text, a summary of its
 * statements, and on failure the SQLSTATE as `error.type`. `sqlOfName` reads a prepared statement's
 * text back from its name, for the summary.
 */
export function traceStatement<T>(text: string, target: DatabaseTarget, work: () => Promise<T>, sqlOfName?: (name: string) => string | undefined): Promise<T> {
  if (!active) return work();
  return inSpan('postgresql', { kind: SpanKind.CLIENT, needsParent: true }, (span) => {
    // The text is read only for a span that is kept (sampled).
    if (span?.isRecording()) {
      const statement = describeStatement(text, sqlOfName);
      span.updateName(statement.summary.length > 120 ? `${statement.summary.slice(0, 119)}…` : statement.summary);
      span.setAttributes({
        ...target,
        'db.query.text': statement.text,
        'db.query.summary': statement.summary,
        'db.operation.name': statement.operation,
        ...(statement.statements > 1 ? { 'db.operation.batch.size': statement.statements } : {}),
      });
    }
    return work();
  });
}

/** The W3C Trace Context headers of the span open now, for a request this process makes; none with tracing off. */
export function traceHeaders(): Record<string, string> {
  if (!active) return {};
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}
