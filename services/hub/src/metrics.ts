import { createServer, type Server } from 'node:http';
import { observeHub } from '@ponte/core';
import type { Db } from '@ponte/db';
import { dbPoolConnections, dbPoolWaiting, metricsText } from '@ponte/metrics';

export interface MetricsSource {
  db: Db;
  /** The pool's connections now (storage's `poolStats`). */
  poolStats?: (() => { busy: number; idle: number; waiting: number }) | undefined;
}

/** A scrape: the gauges read now (pool, queues), then every metric in Prometheus' text format. */
export async function scrape(source: MetricsSource): Promise<{ contentType: string; body: string }> {
  const pool = source.poolStats?.();
  if (pool) {
    dbPoolConnections.set({ state: 'busy' }, pool.busy);
    dbPoolConnections.set({ state: 'idle' }, pool.idle);
    dbPoolWaiting.set(pool.waiting);
  }
  await observeHub(source.db);
  return metricsText();
}

/**
 * `/metrics` on a port of its own (`PONTE_METRICS_PORT`), for a scraper on the operator's network:
 * nothing else is served there, and no token is asked.
 */
export function serveMetrics(source: MetricsSource, port: number, host: string, onListening: (port: number) => void): Server {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    scrape(source).then(
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
