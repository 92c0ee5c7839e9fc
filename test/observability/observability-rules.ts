/**
 * What the alerts, their unit tests and the dashboard in infra/observability are held to, checked
 * without promtool: each check returns its problems, one sentence each, so a test can show them all
 * and can see each check fail on a copy broken on purpose.
 */
import { parse } from 'yaml';
import { listedSeries, type ListedMetric } from './metric-list';

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RecordingRule {
  record: string;
  expr: string;
}
type Rule = AlertingRule | RecordingRule;

export function parseRuleFile(text: string): { alerts: AlertingRule[]; records: RecordingRule[] } {
  const file = parse(text) as { groups?: Array<{ name: string; rules?: Rule[] }> };
  const rules = (file.groups ?? []).flatMap((group) => group.rules ?? []);
  return {
    alerts: rules.filter((rule): rule is AlertingRule => 'alert' in rule),
    records: rules.filter((rule): rule is RecordingRule => 'record' in rule),
  };
}

export const SEVERITIES = ['critical', 'warning'];
const ANNOTATIONS = ['summary', 'description', 'runbook'];

/** Every alert has a severity from the closed set and a non-empty summary, description and runbook. */
export function alertAnnotationProblems(alerts: AlertingRule[]): string[] {
  const problems: string[] = [];
  for (const alert of alerts) {
    const severity = alert.labels?.severity;
    if (!severity) problems.push(`${alert.alert} has no labels.severity`);
    else if (!SEVERITIES.includes(severity)) problems.push(`${alert.alert} has severity "${severity}", not one of ${SEVERITIES.join(', ')}`);
    for (const key of ANNOTATIONS) {
      if (!alert.annotations?.[key]?.trim()) problems.push(`${alert.alert} has no annotations.${key}`);
    }
  }
  const names = alerts.map((a) => a.alert);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`${name} is defined twice`);
  return problems;
}

interface UnitTestFile {
  tests?: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] | null }> }>;
}

/** Every alert is seen to fire in at least one case of the unit tests and to stay quiet in another. */
export function alertCoverageProblems(alerts: AlertingRule[], unitTests: string): string[] {
  const cases = ((parse(unitTests) as UnitTestFile).tests ?? []).flatMap((test) => test.alert_rule_test ?? []);
  const problems: string[] = [];
  for (const { alert } of alerts) {
    const own = cases.filter((c) => c.alertname === alert);
    if (!own.some((c) => (c.exp_alerts ?? []).length > 0)) problems.push(`${alert} has no unit test case where it fires (exp_alerts with an alert)`);
    if (!own.some((c) => (c.exp_alerts ?? []).length === 0)) problems.push(`${alert} has no unit test case where it stays quiet (exp_alerts: [])`);
  }
  const known = new Set(alerts.map((a) => a.alert));
  for (const name of new Set(cases.map((c) => c.alertname))) {
    if (!known.has(name)) problems.push(`the unit tests name ${name}, which alerts.yml does not define`);
  }
  return problems;
}

/** `ponte_` series names in PromQL (not recording rules' `level:metric:op` names), with their matchers. */
const SERIES = /(?<![\w:$])(ponte_[A-Za-z0-9_]+)(?![\w:])(?:\s*\{([^}]*)\})?/g;
const MATCHER = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)\s*"/g;

/** Every `ponte_` metric an expression reads is listed in metrics.txt, and so are the labels it matches on. */
export function metricProblems(where: string, expr: string, metrics: ListedMetric[]): string[] {
  const problems: string[] = [];
  for (const [, series, matchers] of expr.matchAll(SERIES)) {
    const listed = listedSeries(metrics, series!);
    if (!listed) {
      problems.push(`${where} reads ${series}, which metrics.txt does not list`);
      continue;
    }
    if (!listed.labels || !matchers) continue;
    for (const [, label] of matchers.matchAll(MATCHER)) {
      if (!listed.labels.includes(label!)) problems.push(`${where} matches ${series} on the label "${label}", which metrics.txt does not give it`);
    }
  }
  return problems;
}

/** Recording rules' names (`level:metric:operations`) that an expression reads. */
const RECORDED = /(?<![\w:])([a-zA-Z_][\w]*:[\w:]+)(?![\w:])/g;

/** Every recorded series an expression reads is recorded in the same file (a typo would never fire). */
export function recordingRuleProblems(rules: { alerts: AlertingRule[]; records: RecordingRule[] }): string[] {
  const recorded = new Set(rules.records.map((r) => r.record));
  const problems: string[] = [];
  for (const rule of [...rules.records, ...rules.alerts]) {
    const name = 'alert' in rule ? rule.alert : rule.record;
    for (const [, used] of rule.expr.matchAll(RECORDED)) {
      if (!recorded.has(used!)) problems.push(`${name} reads ${used}, which no recording rule records`);
    }
  }
  return problems;
}

export function alertingRuleExpressions(rules: { alerts: AlertingRule[]; records: RecordingRule[] }): Array<{ where: string; expr: string }> {
  return [...rules.records.map((r) => ({ where: `recording rule ${r.record}`, expr: r.expr })), ...rules.alerts.map((a) => ({ where: `alert ${a.alert}`, expr: a.expr }))];
}

interface Panel {
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr?: string; datasource?: { uid?: string } }>;
  panels?: Panel[];
}
export interface Dashboard {
  __inputs?: Array<{ name: string; type: string; pluginId: string }>;
  schemaVersion?: number;
  panels?: Panel[];
  templating?: { list?: Array<{ name: string; query?: string | { query?: string }; datasource?: { uid?: string } }> };
}

const DATASOURCE = '${DS_PROMETHEUS}';

const panelsOf = (dashboard: Dashboard): Panel[] => (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');

/** Each panel's queries, and the variables' (`label_values(<selector>, <label>)` reads the selector). */
export function dashboardExpressions(dashboard: Dashboard): Array<{ where: string; expr: string }> {
  const found: Array<{ where: string; expr: string }> = [];
  for (const panel of panelsOf(dashboard)) {
    for (const target of panel.targets ?? []) if (target.expr) found.push({ where: `panel "${panel.title}"`, expr: target.expr });
  }
  for (const variable of dashboard.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    const selector = query?.match(/^label_values\((.*),\s*\w+\)$/)?.[1];
    if (selector) found.push({ where: `variable $${variable.name}`, expr: selector });
  }
  return found;
}

/**
 * What an operator needs on the dashboard, by the metrics that show it. A panel reading a metric is
 * what counts, whatever its title.
 */
export const DASHBOARD_METRICS = [
  'ponte_http_requests_total',
  'ponte_http_request_duration_seconds_bucket',
  'ponte_policy_decisions_total',
  'ponte_access_log_oldest_unsealed_age_seconds',
  'ponte_access_log_unsealed_events',
  'ponte_access_log_head_size',
  'ponte_access_log_head_age_seconds',
  'ponte_outbox_pending_deliveries',
  'ponte_outbox_oldest_pending_age_seconds',
  'ponte_webhook_deliveries_total',
  'ponte_webhook_dead_letters',
  'ponte_db_pool_connections',
  'ponte_db_pool_waiting_requests',
  'ponte_process_resident_memory_bytes',
  'ponte_nodejs_eventloop_lag_p99_seconds',
];

/**
 * The dashboard imports anywhere (schema 36 or later, its Prometheus chosen at import through the
 * `DS_PROMETHEUS` input and used by every panel, query and variable), shows every metric above,
 * latency as p50, p95 and p99 by route, and denials by rule and by agency.
 */
export function dashboardProblems(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  if (!(typeof dashboard.schemaVersion === 'number' && dashboard.schemaVersion >= 36)) problems.push(`schemaVersion is ${dashboard.schemaVersion}, not 36 or later`);
  if (!dashboard.__inputs?.some((i) => i.name === 'DS_PROMETHEUS' && i.type === 'datasource' && i.pluginId === 'prometheus')) problems.push('no DS_PROMETHEUS datasource input');
  for (const panel of panelsOf(dashboard)) {
    if (panel.datasource?.uid !== DATASOURCE) problems.push(`panel "${panel.title}" does not use ${DATASOURCE}`);
    for (const target of panel.targets ?? []) {
      if (target.datasource && target.datasource.uid !== DATASOURCE) problems.push(`a query of panel "${panel.title}" does not use ${DATASOURCE}`);
    }
    if ((panel.targets ?? []).length === 0) problems.push(`panel "${panel.title}" has no query`);
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.datasource && variable.datasource.uid !== DATASOURCE) problems.push(`variable $${variable.name} does not use ${DATASOURCE}`);
  }
  const exprs = dashboardExpressions(dashboard).map((e) => e.expr);
  const reads = (pattern: RegExp) => exprs.some((expr) => pattern.test(expr));
  for (const metric of DASHBOARD_METRICS) {
    if (!reads(new RegExp(`(?<![\\w:])${metric}(?![\\w:])`))) problems.push(`no panel shows ${metric}`);
  }
  for (const q of ['0.5', '0.95', '0.99']) {
    if (!reads(new RegExp(`histogram_quantile\\(${q.replace('.', '\\.')},\\s*sum by \\([^)]*\\broute\\b[^)]*\\)\\s*\\(rate\\(ponte_http_request_duration_seconds_bucket`))) {
      problems.push(`no panel shows the p${Number(q) * 100} latency by route`);
    }
  }
  for (const by of ['rule', 'agency']) {
    if (!reads(new RegExp(`sum by \\(${by}\\) \\(rate\\(ponte_policy_decisions_total\\{[^}]*decision="deny"`))) problems.push(`no panel shows denials by ${by}`);
  }
  return problems;
}
