import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { parseMetricList, readMetricList } from './metric-list';
import {
  alertAnnotationProblems,
  alertCoverageProblems,
  alertingRuleExpressions,
  dashboardExpressions,
  dashboardProblems,
  metricProblems,
  parseRuleFile,
  recordingRuleProblems,
  type Dashboard,
} from './observability-rules';

/**
 * infra/observability: the alerts, their unit tests, the example Prometheus configuration and the
 * Grafana dashboard. promtool checks and runs them where it is installed (CI installs it); the
 * checks below it run everywhere.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DIR = 'infra/observability';
const read = (file: string) => readFileSync(resolve(ROOT, DIR, file), 'utf8');
const alertsText = read('alerts.yml');
const unitTestsText = read('alerts.test.yml');
const dashboard = JSON.parse(read('grafana-dashboard.json')) as Dashboard;
const rules = parseRuleFile(alertsText);
const metrics = readMetricList();

const PROMTOOL = '/usr/bin/promtool';

/** Skips the test without promtool, except in CI, where its absence is a failure. */
function needPromtool(ctx: TestContext) {
  if (existsSync(PROMTOOL)) return;
  if (process.env.CI) throw new Error(`${PROMTOOL} is missing, so the alerts cannot be checked: install it with \`apt-get install -y prometheus\` (.ci/run does)`);
  ctx.skip(`${PROMTOOL} is not installed (apt-get install -y prometheus)`);
}

function promtool(...args: string[]) {
  const run = spawnSync(PROMTOOL, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}` };
}

describe('promtool', () => {
  it('finds alerts.yml valid', (ctx) => {
    needPromtool(ctx);
    const { status, output } = promtool('check', 'rules', `${DIR}/alerts.yml`);
    expect(status, output).toBe(0);
  });

  it("passes the alerts' unit tests (alerts.test.yml)", (ctx) => {
    needPromtool(ctx);
    const { status, output } = promtool('test', 'rules', `${DIR}/alerts.test.yml`);
    expect(status, output).toBe(0);
  });

  it('finds the example prometheus.yml valid', (ctx) => {
    needPromtool(ctx);
    // --syntax-only: the token file it names exists on the Prometheus host, not here.
    const { status, output } = promtool('check', 'config', '--syntax-only', `${DIR}/prometheus.yml`);
    expect(status, output).toBe(0);
  });
});

describe('the alerts', () => {
  it('are there, one for each condition an operator is woken for', () => {
    expect(rules.alerts.map((a) => a.alert).sort()).toEqual([
      'PonteAccessLogSealLag',
      'PonteAccessLogVerificationFailed',
      'PonteDbPoolNearlyFull',
      'PonteDbPoolRequestsWaiting',
      'PonteHttp5xxRatio',
      'PonteHubDown',
      'PonteWebhookDeadLetters',
      'PonteWorkerDown',
      'PontePolicyDenialSpike',
      'PonteWitnessBehind',
    ].sort());
  });

  it('each have a severity, a summary, a description and a runbook note', () => {
    expect(alertAnnotationProblems(rules.alerts)).toEqual([]);
  });

  it('each fire in a unit test case and stay quiet in another', () => {
    expect(alertCoverageProblems(rules.alerts, unitTestsText)).toEqual([]);
  });

  it('read only metrics and labels metrics.txt lists, and only series their recording rules record', () => {
    expect(alertingRuleExpressions(rules).flatMap(({ where, expr }) => metricProblems(where, expr, metrics))).toEqual([]);
    expect(recordingRuleProblems(rules)).toEqual([]);
  });

  it("each have a line in the README's overview", () => {
    const readme = read('README.md');
    expect(rules.alerts.map((a) => a.alert).filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it('hub down reads the scrape job prometheus.yml names', () => {
    expect(read('prometheus.yml')).toMatch(/job_name: ponte-hub\n/);
    expect(rules.alerts.find((a) => a.alert === 'PonteHubDown')?.expr).toContain('up{job="ponte-hub"}');
  });
});

describe('the dashboard', () => {
  it('imports with its Prometheus as an input and shows what the operator needs', () => {
    expect(dashboardProblems(dashboard)).toEqual([]);
  });

  it('reads only metrics and labels metrics.txt lists', () => {
    expect(dashboardExpressions(dashboard).flatMap(({ where, expr }) => metricProblems(where, expr, metrics))).toEqual([]);
  });
});

describe('the checks themselves, on copies broken on purpose', () => {
  const alert = () => structuredClone(rules.alerts.find((a) => a.alert === 'PonteHubDown')!);

  it('find a missing severity, an unknown one and each missing annotation', () => {
    const noSeverity = { ...alert(), labels: {} };
    const unknown = { ...alert(), labels: { severity: 'page' } };
    expect(alertAnnotationProblems([noSeverity])).toEqual(['PonteHubDown has no labels.severity']);
    expect(alertAnnotationProblems([unknown])[0]).toMatch(/severity "page"/);
    for (const key of ['summary', 'description', 'runbook']) {
      const broken = alert();
      broken.annotations![key] = ' ';
      expect(alertAnnotationProblems([broken])).toEqual([`PonteHubDown has no annotations.${key}`]);
    }
    expect(alertAnnotationProblems([alert(), alert()])).toEqual(['PonteHubDown is defined twice']);
  });

  it('find an alert no case fires, one no case sees quiet, and a case for an alert that does not exist', () => {
    const renamed = unitTestsText.replaceAll('alertname: PonteHubDown', 'alertname: PonteHubGone');
    expect(alertCoverageProblems(rules.alerts, renamed)).toEqual([
      'PonteHubDown has no unit test case where it fires (exp_alerts with an alert)',
      'PonteHubDown has no unit test case where it stays quiet (exp_alerts: [])',
      'the unit tests name PonteHubGone, which alerts.yml does not define',
    ]);
    const neverQuiet = unitTestsText.replace(/(alertname: PonteHubDown\n\s+exp_alerts:) \[\]/, '$1 [{ exp_labels: { severity: critical } }]');
    expect(alertCoverageProblems(rules.alerts, neverQuiet)).toEqual(['PonteHubDown has no unit test case where it stays quiet (exp_alerts: [])']);
  });

  it('find an unlisted metric, an unlisted label, a histogram part and a default metric', () => {
    expect(metricProblems('x', 'rate(ponte_http_request_total[5m])', metrics)).toEqual(['x reads ponte_http_request_total, which metrics.txt does not list']);
    expect(metricProblems('x', 'ponte_http_requests_total{status="500"}', metrics)).toEqual(['x matches ponte_http_requests_total on the label "status", which metrics.txt does not give it']);
    expect(metricProblems('x', 'ponte_http_request_duration_seconds_bucket{le="0.5", route=~".*", job="ponte-hub"}', metrics)).toEqual([]);
    expect(metricProblems('x', 'ponte_http_request_duration_seconds_count{le="0.5"}', metrics)).toHaveLength(1);
    expect(metricProblems('x', 'ponte_nodejs_gc_duration_seconds_sum + ponte_process_open_fds', metrics)).toEqual([]);
    expect(metricProblems('x', 'agency:ponte_policy_denials:rate10m > 0', metrics)).toEqual([]);
  });

  it('find a recorded series that nothing records', () => {
    const broken = { ...rules, alerts: [{ ...alert(), expr: 'job:ponte_http_requests_5xx:ratio_rate1m > 0.02' }] };
    expect(recordingRuleProblems(broken)).toEqual(['PonteHubDown reads job:ponte_http_requests_5xx:ratio_rate1m, which no recording rule records']);
  });

  it('find an old schema, a missing input, a panel on another datasource and a metric no panel shows', () => {
    const broken = structuredClone(dashboard);
    broken.schemaVersion = 27;
    broken.__inputs = [];
    const panel = broken.panels!.find((p) => p.title === 'Dead letters by agency')!;
    panel.datasource = { type: 'prometheus', uid: 'prometheus-main' };
    panel.targets = [{ expr: 'sum(ponte_outbox_pending_deliveries)' }];
    expect(dashboardProblems(broken)).toEqual([
      'schemaVersion is 27, not 36 or later',
      'no DS_PROMETHEUS datasource input',
      'panel "Dead letters by agency" does not use ${DS_PROMETHEUS}',
      'no panel shows ponte_webhook_dead_letters',
    ]);
  });

  it('read metrics.txt strictly', () => {
    expect(() => parseMetricList('ponte_x_total counter')).toThrow(/line 1/);
    expect(() => parseMetricList('ponte_x_total summary -')).toThrow(/line 1/);
    expect(parseMetricList('# a comment\n\nponte_x_total counter a,b\nponte_y_* default -')).toEqual([
      { name: 'ponte_x_total', family: false, type: 'counter', labels: ['a', 'b'] },
      { name: 'ponte_y_', family: true, type: 'default', labels: [] },
    ]);
  });
});
