import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * `/metrics`: Prometheus' text format, behind the metrics token, with the series an operator runs
 * the hub by, and no personal value or record id in any label.
 */
const TOKEN = 'metrics-token-of-at-least-thirty-two-characters';
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ metricsToken: TOKEN });
});
afterAll(() => hub?.close());

const scrape = async () => {
  const res = await hub.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
};
/** The value of one series, its labels given in full or in part. */
const valueOf = (text: string, name: string, labels: Record<string, string> = {}) => {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)) : false);
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describe('/metrics', () => {
  it('asks for the metrics token, and is not served without one configured', async () => {
    expect((await hub.app.request('/metrics')).status).toBe(401);
    expect((await hub.app.request('/metrics', { headers: { authorization: 'Bearer not-the-token-of-thirty-two-characters' } })).status).toBe(401);
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    expect((await hub.app.request('/metrics', { headers: { authorization: `Bearer ${caseworker}` } })).status).toBe(401);
    const bare = await createTestHub({ database: hub.database });
    expect((await bare.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('counts requests, decisions, tokens and the queues, and no label carries a personal value or an id', async () => {
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    const before = await scrape();
    const name = { givenName: 'Zuleica', familyName: 'Quissico-Marrengula' };
    const registered = await hub.call('POST', '/v1/subjects', { token: caseworker, json: { identity: { ...name, estimatedAge: 31, sex: 'female', languages: ['pt'] } } });
    expect(registered.status).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    await hub.call('GET', `/v1/subjects/${id}`, { token: caseworker });
    // Another agency's caseworker is refused, and the refusal is counted for that agency.
    expect((await hub.call('GET', `/v1/subjects/${id}`, { token: await hub.tokenFor('unhcr', 'caseworker') })).status).toBe(404);
    await hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: 'iom', username: 'caseworker', password: 'wrong password here' } });
    expect((await hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: 'iom', username: 'supervisor', password: DEMO_PASSWORD } })).status).toBe(200);
    const after = await scrape();

    const increase = (series: string, labels: Record<string, string>) => (valueOf(after, series, labels) ?? 0) - (valueOf(before, series, labels) ?? 0);
    expect(increase('ponte_http_requests_total', { route: '/v1/subjects', method: 'POST', status_class: '2xx' })).toBe(1);
    expect(increase('ponte_http_requests_total', { route: '/v1/subjects/:id', method: 'GET', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(after, 'ponte_http_request_duration_seconds_count', { route: '/v1/subjects/:id', method: 'GET' })).toBeGreaterThanOrEqual(2);
    expect(increase('ponte_policy_decisions_total', { agency: 'iom', resource: 'Subject', action: 'create', decision: 'allow' })).toBeGreaterThanOrEqual(1);
    expect(increase('ponte_policy_decisions_total', { agency: 'unhcr', decision: 'deny' })).toBeGreaterThanOrEqual(1);
    expect(increase('ponte_tokens_issued_total', { grant: 'password' })).toBe(1);
    // Round trips are timed by the domain verb that made them.
    expect(increase('ponte_db_round_trip_duration_seconds_count', { verb: 'registerSubject' })).toBeGreaterThanOrEqual(1);
    expect(increase('ponte_db_round_trip_duration_seconds_count', { verb: 'getSubject' })).toBeGreaterThanOrEqual(2);
    expect(increase('ponte_tokens_refused_total', { grant: 'password', reason: 'invalid_grant' })).toBe(1);
    for (const series of ['ponte_db_pool_connections', 'ponte_db_round_trip_duration_seconds_count', 'ponte_access_log_unsealed_events', 'ponte_access_log_oldest_unsealed_age_seconds', 'ponte_outbox_pending_deliveries', 'ponte_process_resident_memory_bytes', 'ponte_nodejs_eventloop_lag_seconds'])
      expect({ series, present: valueOf(after, series) !== undefined }).toEqual({ series, present: true });

    // Before any verification has finished, its result is absent, not a failure.
    expect(after).not.toMatch(/^ponte_access_log_verification_ok/m);
    // No personal value, no record id, anywhere in the exposition.
    expect(after).not.toContain('Zuleica');
    expect(after).not.toContain('Quissico');
    expect(after).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(after).not.toContain(caseworker.slice(0, 20));
  });

  it('names only the metrics listed for the dashboards and alerts', async () => {
    const { readFile } = await import('node:fs/promises');
    const listed = await readFile(new URL('../../infra/observability/metrics.txt', import.meta.url), 'utf8').catch(() => undefined);
    if (listed === undefined) return;
    const names = new Set(listed.split('\n').map((l) => l.trim().split(/\s/)[0]!).filter((l) => l.startsWith('ponte_') && !l.includes('*')));
    const text = await scrape();
    const served = new Set([...text.matchAll(/^# TYPE (ponte_\w+) /gm)].map((m) => m[1]!).filter((n) => !/^ponte_(process|nodejs)_/.test(n)));
    for (const name of served) expect({ name, listed: names.has(name) }).toEqual({ name, listed: true });
  });
});
