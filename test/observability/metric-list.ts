import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `infra/observability/metrics.txt`: the metric names, types and labels the alerts, the dashboard
 * and the exporter agree on. The alerts' and the dashboard's check reads it here; the exporter's
 * test reads it too, to see that every listed metric is exported.
 */
export const METRIC_LIST_PATH = resolve(import.meta.dirname, '../../infra/observability/metrics.txt');

export interface ListedMetric {
  /** The name, or for a family (`ponte_process_*`) its prefix without the `*`. */
  name: string;
  family: boolean;
  type: 'counter' | 'gauge' | 'histogram' | 'default';
  labels: string[];
}

const TYPES = new Set(['counter', 'gauge', 'histogram', 'default']);

export function parseMetricList(text: string): ListedMetric[] {
  const metrics: ListedMetric[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [name, type, labels, ...rest] = line.split(/\s+/);
    if (!name || !type || !labels || rest.length > 0 || !TYPES.has(type)) {
      throw new Error(`metrics.txt line ${index + 1}: expected "<name> <counter|gauge|histogram|default> <labels or ->", got "${line}"`);
    }
    const family = name.endsWith('*');
    metrics.push({ name: family ? name.slice(0, -1) : name, family, type: type as ListedMetric['type'], labels: labels === '-' ? [] : labels.split(',') });
  }
  return metrics;
}

export const readMetricList = () => parseMetricList(readFileSync(METRIC_LIST_PATH, 'utf8'));

/** Labels Prometheus itself adds to every scraped series. */
const TARGET_LABELS = ['job', 'instance'];

/**
 * The listed metric a series name belongs to (a histogram's `_bucket`, `_sum` and `_count` belong
 * to it), with the labels it may carry (undefined: not held to the list), or undefined when the
 * name is not listed.
 */
export function listedSeries(metrics: ListedMetric[], series: string): { metric: ListedMetric; labels: string[] | undefined } | undefined {
  for (const metric of metrics.filter((m) => !m.family)) {
    if (series === metric.name) return { metric, labels: [...metric.labels, ...TARGET_LABELS] };
    if (metric.type === 'histogram') {
      if (series === `${metric.name}_bucket`) return { metric, labels: [...metric.labels, ...TARGET_LABELS, 'le'] };
      if (series === `${metric.name}_sum` || series === `${metric.name}_count`) return { metric, labels: [...metric.labels, ...TARGET_LABELS] };
    }
  }
  const family = metrics.find((m) => m.family && series.startsWith(m.name));
  // A family's labels are prom-client's to choose; only the name is held to the list.
  return family ? { metric: family, labels: undefined } : undefined;
}
