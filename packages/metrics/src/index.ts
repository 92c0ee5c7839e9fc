import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The hub's and the worker's Prometheus metrics, in one registry per process, named as the
 * Prometheus conventions ask (`ponte_` prefix, base units, `_total` counters). Labels take values
 * from closed sets only (route patterns, methods, status classes, rule codes, agency slugs, outcomes):
 * never a personal value, never an unbounded id. `infra/observability/metrics.txt` lists every name.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'ponte_' });

let recording = true;

/**
 * Stops counting for good (`PONTE_METRICS=false`: a process nobody scrapes): the counters and
 * histograms of requests, round trips and decisions then cost one check each.
 */
export function stopRecording(): void {
  recording = false;
}

/**
 * A counter or histogram that stops with {@link stopRecording}. (prom-client sets `inc` and
 * `observe` on each instance as it is made, so they are wrapped there, not overridden.) Only
 * `inc` and `observe` are switched: record through them (or `startTimer`, which observes through `observe`), never through `labels(…)`.
 */
function switched<M extends Counter<string> | Histogram<string>>(metric: M): M {
  const key = (metric instanceof Counter ? 'inc' : 'observe') as keyof M;
  const original = (metric[key] as (...args: unknown[]) => void).bind(metric);
  (metric as Record<keyof M, unknown>)[key] = (...args: unknown[]) => {
    if (recording) original(...args);
  };
  return metric;
}

const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => switched(new Counter<L>({ name, help, labelNames, registers: [registry] }));
const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Gauge<L>({ name, help, labelNames, registers: [registry] });

/** Seconds, from a millisecond of a fast read to the 30 s request budget. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequests = counter('ponte_http_requests_total', 'HTTP requests answered, by route pattern, method and status class', ['route', 'method', 'status_class']);
export const httpRequestDuration = switched(new Histogram<'route' | 'method'>({
  name: 'ponte_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route pattern and method',
  labelNames: ['route', 'method'],
  buckets: LATENCY_BUCKETS,
  registers: [registry],
}));

export const dbPoolConnections = gauge('ponte_db_pool_connections', 'Database connections of the pool, by state (busy, idle)', ['state']);
export const dbPoolWaiting = gauge('ponte_db_pool_waiting_requests', 'Units of work waiting for a database connection');
export const dbRoundTripDuration = switched(new Histogram<'verb'>({
  name: 'ponte_db_round_trip_duration_seconds',
  help: 'Time of one round trip to the database (a statement or a statement list), by the domain verb that made it (none: a request outside a verb; background: outside a request)',
  labelNames: ['verb'],
  buckets: LATENCY_BUCKETS,
  registers: [registry],
}));

/**
 * Reads that may be stale (the log search, the figures, the directory) by where they were served:
 * `replica` (`current`: within `PONTE_READ_MAX_STALENESS_SECONDS`) or `primary` (`stale`: the
 * replica is further behind; `unreachable`: its check failed; `failed`: the read failed there and
 * was made again on the primary). Counted only where a replica is configured.
 */
export const dbReadsRouted = counter('ponte_db_reads_routed_total', 'Reads that may be stale, by where they were served (replica, primary) and why', ['target', 'reason']);
export const dbReplicaLag = gauge('ponte_db_replica_lag_seconds', 'How far the read replica is behind, as its last check that reached it measured (0: it has replayed all it received)');

export const policyDecisions = counter('ponte_policy_decisions_total', 'Accesses the policy decided, as the access log records them, by acting agency, resource, action, rule and decision', [
  'agency',
  'resource',
  'action',
  'rule',
  'decision',
]);
export const breakGlassGrants = counter('ponte_break_glass_grants_total', 'Break-glass grants, by agency', ['agency']);
export const accessEventsAppended = counter('ponte_access_events_appended_total', 'Access events written to the access log, by decision', ['decision']);

export const accessLogUnsealed = gauge('ponte_access_log_unsealed_events', 'Access events not yet sealed under a signed tree head');
export const accessLogOldestUnsealedAge = gauge('ponte_access_log_oldest_unsealed_age_seconds', 'Age of the oldest access event not yet sealed (0 when none)');
export const accessLogHeadSize = gauge('ponte_access_log_head_size', 'Size of the latest signed tree head');
export const accessLogHeadAge = gauge('ponte_access_log_head_age_seconds', 'Age of the latest signed tree head');
/** Labelled (`check="full"`) so that it is absent, not 0, before any verification has finished. */
export const accessLogVerificationOk = gauge('ponte_access_log_verification_ok', 'Whether the latest full verification of the access log passed (1) or failed (0); absent before any', ['check']);

export const witnessCosignedSize = gauge('ponte_access_log_witness_cosigned_size', "Largest tree size an agency's witness has cosigned (keys in use), by agency", ['agency']);
export const witnessCosignedAge = gauge('ponte_access_log_witness_cosigned_age_seconds', "Age of an agency's witness's latest cosignature, by agency", ['agency']);

export const outboxPending = gauge('ponte_outbox_pending_deliveries', 'Webhook deliveries waiting to be made or retried');
export const outboxOldestPendingAge = gauge('ponte_outbox_oldest_pending_age_seconds', 'Age of the oldest webhook delivery still waiting (0 when none)');
export const webhookDeliveries = counter('ponte_webhook_deliveries_total', 'Webhook delivery attempts, by outcome (delivered, failed, dead)', ['outcome']);
export const webhookDeadLetters = gauge('ponte_webhook_dead_letters', 'Webhook deliveries given up on, by agency', ['agency']);

export const tokensIssued = counter('ponte_tokens_issued_total', 'Access tokens issued, by grant', ['grant']);
export const tokensRefused = counter('ponte_tokens_refused_total', 'Token requests refused, by grant and reason', ['grant', 'reason']);
export const rateLimited = counter('ponte_rate_limited_total', 'Requests refused by a rate limit, by limit', ['limit']);

/** `200` → `2xx`: the status as a closed set. */
export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/** The exposition, in Prometheus' text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * `/metrics` on a port of its own (`PONTE_METRICS_PORT`), for a scraper on the operator's network,
 * with `/healthz` (the process answers) and, when `ready` is given, `/readyz`: nothing else is served
 * there, and no token is asked. `collect` reads the gauges of the moment first.
 */
export function serveMetrics(collect: () => Promise<void>, port: number, host: string, onListening: (port: number) => void, ready?: () => Promise<boolean>): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.method === 'GET' && path === '/readyz' && ready) {
      ready().then(
        (ok) => res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(ok ? '{"status":"ready"}' : '{"status":"not_ready"}'),
        () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"not_ready"}'),
      );
      return;
    }
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    collect()
      .then(metricsText)
      .then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
        () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
      );
  });
  server.listen(port, host, () => {
    const address = server.address();
    onListening(typeof address === 'object' && address ? address.port : port);
  });
  return server;
}
