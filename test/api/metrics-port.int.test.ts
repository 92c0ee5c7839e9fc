import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyEmbedded, type EmptyEngine } from '../support/empty-hub';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort } from '../support/private-postgres';

/** The hub as its own process with `PONTE_METRICS_PORT`: `/metrics` alone there, nothing on the API's port. */
let engine: EmptyEngine;
let hub: HubProcess;
let metricsPort: number;
beforeAll(async () => {
  engine = await emptyEmbedded();
  metricsPort = await freePort();
  hub = new HubProcess(await buildHub('metrics-port'), {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    PONTE_SEED_DEMO: 'false',
    PONTE_METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'warn',
    ...engine.env,
  });
  await hub.start();
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await engine?.dispose();
});

describe('metrics on a port of their own', () => {
  it('serves /metrics there, without a token, and nothing else; the API port does not serve them', async () => {
    await fetch(`${hub.url}/healthz`);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^ponte_http_requests_total\{route="\/healthz",method="GET",status_class="2xx"\} 1$/m);
    expect(text).toMatch(/^ponte_db_pool_connections\{state="idle"\} 1$/m);
    expect(text).toMatch(/^ponte_access_log_unsealed_events \d+$/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/v1/me`)).status).toBe(404);
    expect((await fetch(`${hub.url}/metrics`)).status).toBe(404);
  });
});
