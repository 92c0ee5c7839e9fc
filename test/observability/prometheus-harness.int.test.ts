import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardExpressions, type Dashboard } from './observability-rules';
import { needPrometheus, prometheusInstalled, startPrometheus, vectorOf, type RunningPrometheus } from './prometheus';

/**
 * The Prometheus harness on its own: a real Prometheus scrapes a tiny static target (a fixed text
 * exposition behind a bearer token) and a port nobody listens on, loads the alerts, and answers
 * queries; the dashboard's queries are put to it too. The hub's own scrape uses the same harness.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'harness-scrape-token';
const EXPOSITION = `# HELP harness_fixed_value A value that never changes
# TYPE harness_fixed_value gauge
harness_fixed_value{kind="fixed"} 42
`;

let prometheus: RunningPrometheus | undefined;
let target: Server | undefined;
const scrapes: Array<string | undefined> = [];
let live = '';
let dead = '';

const listen = (server: Server) =>
  new Promise<string>((done) => server.listen(0, '127.0.0.1', () => done(`127.0.0.1:${(server.address() as { port: number }).port}`)));



beforeAll(async () => {
  if (!prometheusInstalled()) return;
  target = createServer((request, response) => {
    scrapes.push(request.headers.authorization);
    if (request.url !== '/metrics' || request.headers.authorization !== `Bearer ${TOKEN}`) {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(EXPOSITION);
  });
  live = await listen(target);
  // A port that was free a moment ago and that nobody listens on: a target that is down.
  const closed = createServer();
  dead = await listen(closed);
  await new Promise((done) => closed.close(done));
  prometheus = await startPrometheus({
    targets: [live, dead],
    scrapeIntervalSeconds: 1,
    bearerToken: TOKEN,
    ruleFiles: [resolve(ROOT, 'infra/observability/alerts.yml')],
  });
});

afterAll(async () => {
  await prometheus?.stop();
  await new Promise((done) => (target ? target.close(done) : done(undefined)));
});

describe('the Prometheus harness', () => {
  it('scrapes the targets with the bearer token and answers queries over /api/v1/query', async (ctx) => {
    const running = needPrometheus(ctx, prometheus);
    await running.waitForScrapes(2);

    const up = vectorOf(await running.query('up')).map((s) => ({ instance: s.metric.instance, job: s.metric.job, up: s.value[1] }));
    expect(up.sort((a, b) => a.up.localeCompare(b.up))).toEqual([
      { instance: dead, job: 'ponte-hub', up: '0' },
      { instance: live, job: 'ponte-hub', up: '1' },
    ]);
    expect(vectorOf(await running.query('harness_fixed_value'))).toEqual([
      { metric: { __name__: 'harness_fixed_value', kind: 'fixed', job: 'ponte-hub', instance: live }, value: [expect.any(Number), '42'] },
    ]);
    expect(Number(vectorOf(await running.query(`count_over_time(harness_fixed_value[1h])`))[0]!.value[1])).toBeGreaterThanOrEqual(2);
    expect(scrapes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(scrapes)).toEqual(new Set([`Bearer ${TOKEN}`]));
    await expect(running.query('up{')).rejects.toThrow(/Prometheus refused up\{: bad_data/);
  });

  it('loads alerts.yml and evaluates every rule without an error', async (ctx) => {
    const running = needPrometheus(ctx, prometheus);
    type Rules = { data: { groups: Array<{ name: string; rules: Array<{ name: string; health: string; lastError?: string }> }> } };
    // Every rule is evaluated once a second; until its first evaluation its health is "unknown".
    let body: Rules;
    for (let tries = 0; ; tries++) {
      body = (await (await fetch(`${running.url}/api/v1/rules`)).json()) as Rules;
      if (tries === 50 || body.data.groups.every((g) => g.rules.every((r) => r.health !== 'unknown'))) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    const rules = body.data.groups.flatMap((g) => g.rules);
    expect(body.data.groups.map((g) => g.name).sort()).toEqual(['ponte-alerts', 'ponte-recording']);
    expect(rules.length).toBe(16);
    expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
  });

  it("accepts every query of the dashboard (its variables and Grafana's interval filled in)", async (ctx) => {
    const running = needPrometheus(ctx, prometheus);
    const dashboard = JSON.parse(readFileSync(resolve(ROOT, 'infra/observability/grafana-dashboard.json'), 'utf8')) as Dashboard;
    const refused: string[] = [];
    for (const { where, expr } of dashboardExpressions(dashboard)) {
      const promql = expr.replaceAll('$__rate_interval', '1m').replaceAll(/\$(job|instance|route|agency)\b/g, '.*');
      await running.query(promql).catch((error: Error) => refused.push(`${where}: ${error.message}`));
    }
    expect(refused).toEqual([]);
  });
});
