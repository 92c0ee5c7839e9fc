import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { startTracing, TracingEnv, tracingActive } from './index';

const Settings = z.object(TracingEnv);

describe('the OpenTelemetry settings', () => {
  it('take an empty variable as unset, as the specification asks', () => {
    const settings = Settings.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_TRACES_SAMPLER: '', OTEL_BSP_SCHEDULE_DELAY: '' });
    expect(settings.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(settings.OTEL_TRACES_SAMPLER).toBe('parentbased_always_on');
    expect(settings.OTEL_BSP_SCHEDULE_DELAY).toBe(5000);
  });

  it('refuse gRPC, an endpoint that is not a URL and a ratio above 1, naming the variable', () => {
    const failed = Settings.safeParse({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_TRACES_SAMPLER_ARG: '1.5' });
    expect(failed.success).toBe(false);
    const paths = failed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(paths).toContainEqual(expect.stringMatching(/^OTEL_EXPORTER_OTLP_PROTOCOL: .*gRPC is not built in/));
    expect(paths).toContainEqual(expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT: /));
    expect(paths).toContainEqual(expect.stringMatching(/^OTEL_TRACES_SAMPLER_ARG: /));
  });

  it('read booleans and names case-insensitively, and the exporter as a list', () => {
    const settings = Settings.parse({ OTEL_SDK_DISABLED: 'TRUE', OTEL_TRACES_SAMPLER: 'ParentBased_TraceIdRatio', OTEL_TRACES_EXPORTER: 'OTLP, console' });
    expect(settings.OTEL_SDK_DISABLED).toBe(true);
    expect(settings.OTEL_TRACES_SAMPLER).toBe('parentbased_traceidratio');
    expect(settings.OTEL_TRACES_EXPORTER).toBe('otlp, console');
    expect(Settings.safeParse({ OTEL_TRACES_EXPORTER: 'otlp;console' }).success).toBe(false);
  });

  it('leave tracing off without an endpoint, or when disabled, or with the exporter `none`', () => {
    const warn = () => undefined;
    expect(startTracing(Settings.parse({}), 'ponte-hub', warn)).toBeUndefined();
    expect(startTracing(Settings.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }), 'ponte-hub', warn)).toBeUndefined();
    expect(startTracing(Settings.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }), 'ponte-hub', warn)).toBeUndefined();
    // An exporter list without OTLP (the only one built in) exports nothing.
    expect(startTracing(Settings.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'console' }), 'ponte-hub', warn)).toBeUndefined();
    expect(tracingActive()).toBe(false);
  });
});
