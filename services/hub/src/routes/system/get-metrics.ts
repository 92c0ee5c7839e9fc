import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { fieldError, PonteError } from '@ponte/contracts';
import { observeStorage } from '@ponte/core';
import { metricsText } from '@ponte/metrics';
import { problems } from '../../openapi';
import type { HubApp, HubDeps } from '../../types';

const route = createRoute({
  method: 'get',
  operationId: 'getMetrics',
  path: '/metrics',
  tags: ['System'],
  summary: 'Prometheus metrics (with the metrics token)',
  description:
    'The hub’s metrics in Prometheus’ text format: requests, latency, the database pool, policy decisions, the access log’s sealing and verification, the outbox, tokens and rate limits, the process. Answered only when the hub has a `PONTE_METRICS_TOKEN` and the request carries it as a bearer token; `PONTE_METRICS_PORT` serves them on a port of their own instead. No label carries a personal value or a record’s id.',
  security: [{ metricsToken: [] }],
  responses: {
    200: { description: 'The metrics', content: { 'text/plain; version=0.0.4': { schema: z.string() } } },
    ...problems('unauthenticated', 'not_found'),
  },
});

export function registerGetMetrics(app: HubApp, deps: HubDeps) {
  app.openapi(route, async (c) => {
    const token = deps.metricsToken;
    if (!token) throw new PonteError('not_found');
    const given = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (given.length !== token.length || !timingSafeEqual(Buffer.from(given), Buffer.from(token))) {
      const text = { en: 'The metrics need the metrics token', pt: 'As métricas exigem o token de métricas' };
      throw new PonteError('unauthenticated', text, [fieldError('header', ['authorization'], 'metrics_token', text)]);
    }
    await observeStorage(deps);
    const { contentType, body } = await metricsText();
    c.header('content-type', contentType);
    return c.text(body, 200);
  });
}
