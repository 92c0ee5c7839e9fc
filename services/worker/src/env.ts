import { isTimeOfDay } from '@ponte/core';
import { TracingEnv } from '@ponte/tracing';
import { z } from 'zod';

/** The worker's configuration: the one place that reads `process.env`. */
export const WorkerEnv = z.object({
  DATABASE_URL: z.url(),
  PONTE_PUBLIC_URL: z.url(),
  PONTE_TOKEN_AUDIENCE: z.string().min(1).default('ponte-api'),
  PONTE_WORKER_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  PONTE_WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  PONTE_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Deliver to loopback and private addresses too (a test bed, one machine). */
  PONTE_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
  PONTE_SEAL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** Days access events stay in the live log before they are archived; 0 keeps them there. */
  PONTE_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  PONTE_LOG_ARCHIVE_DIR: z.string().min(1).default('./log-archives'),
  PONTE_LOG_WITNESSES_REQUIRED: z.coerce.number().int().min(1).max(50).default(1),
  /** The hub's key-encryption key (or a file holding it): the worker signs with the keys the hub sealed under it. */
  PONTE_KEY_ENCRYPTION_KEY: z.string().min(1).optional(),
  PONTE_KEY_ENCRYPTION_KEY_FILE: z.string().min(1).optional(),
  /** How often the published signing keys are read again, to sign with a rotated key when its time comes. */
  PONTE_KEY_REFRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Count deliveries for `/metrics`; false for a worker nobody scrapes. */
  PONTE_METRICS: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  /** Serve `/metrics` (Prometheus), `/healthz` and `/readyz` on this port of PONTE_METRICS_HOST; unset, the worker serves none. */
  PONTE_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PONTE_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Days an agency asked to purge a subject the retention job erased has to attest it (as the hub's PONTE_PURGE_ATTESTATION_DAYS). */
  PONTE_PURGE_ATTESTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Run the daily retention job (agencies' retention schedules: erase or anonymise closed cases that are due). */
  PONTE_RETENTION: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  /** The hub's time of day (Africa/Maputo, `HH:MM`) from which each day's retention run is made. */
  PONTE_RETENTION_RUN_AT: z.string().refine(isTimeOfDay, 'HH:MM, 00:00 to 23:59').default('02:00'),
  /** How often the job looks whether the day's run is due (a run is made once a day whatever this is). */
  PONTE_RETENTION_CHECK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // OpenTelemetry's own settings (OTEL_EXPORTER_OTLP_ENDPOINT and its kin).
  ...TracingEnv,
});

export function readWorkerEnv(source: NodeJS.ProcessEnv = process.env) {
  const parsed = WorkerEnv.safeParse(source);
  if (!parsed.success) throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  return parsed.data;
}
