import { describe, expect, it } from 'vitest';
import { httpRequestDuration, httpRequests, registry, stopRecording } from './index';

/** `PONTE_METRICS=false`: once stopped, counters and histograms no longer move (this file's process only). */
describe('stopRecording', () => {
  const count = async () => (await registry.getSingleMetric('ponte_http_requests_total')!.get()).values.find((v) => v.labels.route === '/r')?.value ?? 0;
  const observed = async () => (await registry.getSingleMetric('ponte_http_request_duration_seconds')!.get()).values.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count') && v.labels.route === '/r')?.value ?? 0;

  it('counts until stopped, then not at all', async () => {
    httpRequests.inc({ route: '/r', method: 'GET', status_class: '2xx' });
    httpRequestDuration.observe({ route: '/r', method: 'GET' }, 0.01);
    expect(await count()).toBe(1);
    expect(await observed()).toBe(1);
    stopRecording();
    httpRequests.inc({ route: '/r', method: 'GET', status_class: '2xx' });
    httpRequestDuration.observe({ route: '/r', method: 'GET' }, 0.01);
    expect(await count()).toBe(1);
    expect(await observed()).toBe(1);
  });
});
