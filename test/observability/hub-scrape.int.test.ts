import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { emptyEmbedded, type EmptyEngine } from '../support/empty-hub';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';
import { needPrometheus, prometheusInstalled, startPrometheus, vectorOf, type RunningPrometheus } from './prometheus';

/**
 * A real Prometheus scrapes the hub (its own process, the demo network, `/metrics` on the API's port
 * behind the metrics token) twice, and is asked over its HTTP API for series the dashboard and the
 * alerts use: the names and labels are the ones the hub really serves.
 */
const TOKEN = 'a-metrics-token-for-the-scrape-test-000';
let engine: EmptyEngine;
let hub: HubProcess;
let prometheus: RunningPrometheus | undefined;

beforeAll(async () => {
  if (!prometheusInstalled()) return;
  engine = await emptyEmbedded();
  hub = new HubProcess(await buildHub('hub-scrape'), {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    PONTE_METRICS_TOKEN: TOKEN,
    PONTE_DEMO_PASSWORD: DEMO_PASSWORD,
    PONTE_DEMO_WITNESSES: 'false',
    LOG_LEVEL: 'warn',
    ...engine.env,
  });
  await hub.start();
  prometheus = await startPrometheus({ targets: [new URL(hub.url).host], scrapeIntervalSeconds: 1, bearerToken: TOKEN });
}, 120_000);
afterAll(async () => {
  await prometheus?.stop();
  await hub?.stop();
  await engine?.dispose();
});



describe('the hub scraped by a real Prometheus', () => {
  it('serves the series the dashboard and the alerts ask for, with their labels', async (ctx) => {
    const server = needPrometheus(ctx, prometheus);
    const token = (await (await fetch(`${hub.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', agency: 'iom', username: 'caseworker', password: DEMO_PASSWORD }) })).json()) as { access_token: string };
    for (let i = 0; i < 3; i++) await fetch(`${hub.url}/v1/subjects`, { headers: { authorization: `Bearer ${token.access_token}` } });
    await server.waitForScrapes(2);
    await new Promise((r) => setTimeout(r, 1500));

    expect(vectorOf(await server.query('up{job="ponte-hub"}')).map((s) => s.value[1])).toEqual(['1']);
    const requests = vectorOf(await server.query('sum by (route, status_class) (ponte_http_requests_total{job="ponte-hub"})'));
    expect(requests).toContainEqual(expect.objectContaining({ metric: { route: '/v1/subjects', status_class: '2xx' } }));
    const latency = vectorOf(await server.query('histogram_quantile(0.95, sum by (le, route) (rate(ponte_http_request_duration_seconds_bucket{route="/v1/subjects"}[1m])))'));
    expect(latency).toHaveLength(1);
    const decisions = vectorOf(await server.query('sum by (agency, rule, decision) (ponte_policy_decisions_total)'));
    expect(decisions).toContainEqual(expect.objectContaining({ metric: { agency: 'iom', rule: 'list.subjects', decision: 'allow' } }));
    for (const series of ['ponte_db_pool_connections{state="idle"}', 'ponte_access_log_unsealed_events', 'ponte_outbox_pending_deliveries', 'ponte_tokens_issued_total{grant="password"}', 'ponte_nodejs_eventloop_lag_seconds'])
      expect({ series, found: vectorOf(await server.query(series)).length }).toEqual({ series, found: 1 });
  }, 60_000);
});
