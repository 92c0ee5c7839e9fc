import { isTimeOfDay } from '@ponte/contracts';
import { TracingEnv } from '@ponte/tracing';
import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The hub's configuration: the one place that reads `process.env`, parsed once at boot. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url().optional(),
  /** Connection for migrations (the schema owner); DATABASE_URL then needs only the application role. */
  PONTE_MIGRATION_DATABASE_URL: z.url().optional(),
  /**
   * A hot standby of DATABASE_URL (same logins) for the reads that may be stale: the privacy
   * officer's log searches, the referral figures, the service directory. Their access events, every
   * write and every other read stay on the primary. PostgreSQL only: refused without DATABASE_URL.
   */
  PONTE_READ_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// or postgresql:// URL' }).optional(),
  /** The replica serves those reads while it is at most this far behind (checked once a second); past it, the primary does. */
  PONTE_READ_MAX_STALENESS_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  PONTE_DATA_DIR: z.string().min(1).default('./.data'),
  PONTE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Prepare repeated statements on each connection; off behind PgBouncer in transaction mode before 1.21. */
  PONTE_DB_PREPARED_STATEMENTS: flag.default(true),
  PONTE_PUBLIC_URL: z.url().optional(),
  PONTE_TOKEN_AUDIENCE: z.string().min(1).default('ponte-api'),
  PONTE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  /** Redis for rate limits shared by every hub (`redis://` or `rediss://`); without it a server counts sign-in limits in PostgreSQL. */
  PONTE_REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'a redis:// or rediss:// URL' }).optional(),
  /** The prefix of the hub's keys in Redis, for a Redis that several deployments share. */
  PONTE_REDIS_KEY_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/i, 'letters, digits, - and _, at most 32').default('ponte'),
  PONTE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /**
   * The addresses of the reverse proxies in front of the hub, comma-separated. Only a request
   * whose peer is one of them has its `X-Forwarded-For` read (the right-most hop no trusted proxy
   * wrote) for rate limits; every other request is counted by its own address.
   */
  PONTE_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((a) => a.trim()).filter((a) => a !== ''))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()]))),
  PONTE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Each response tells its round trips to the database and their time (`Server-Timing: db`), for measuring. */
  PONTE_SERVER_TIMING: flag.default(false),
  /** How long the answer to an `Idempotency-Key` is kept for retries. */
  PONTE_IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  PONTE_BREAK_GLASS_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  /** How long after a transfer of responsibility is accepted the sender's record stays writable for its people (then read-only, its reads logged as historical). */
  PONTE_TRANSFER_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  /** How many days an agency asked to purge an erased subject's data has to attest it; past it, both privacy officers see a flag. */
  PONTE_PURGE_ATTESTATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PONTE_CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(5).max(12 * 60).default(30),
  PONTE_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** The largest document (PDF, JPEG, PNG) an upload may carry; streamed and refused with 413 past it. */
  PONTE_DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Seed the demo network into an empty database; by default on for the embedded default, off with DATABASE_URL. */
  PONTE_SEED_DEMO: flag.optional(),
  /** Let a hub listening beyond loopback start while accounts still have the demo password (a demo on a network). */
  PONTE_ALLOW_DEMO: flag.default(false),
  /** Count requests, round trips and decisions for `/metrics`; false for a hub nobody scrapes (then `/metrics` is a 404). */
  PONTE_METRICS: flag.default(true),
  /** The bearer token `/metrics` on the API's port asks for (at least 32 characters); unset, it is not served there. */
  PONTE_METRICS_TOKEN: z.string().min(32).optional(),
  /** Serve `/metrics` alone, with no token, on this port (of PONTE_METRICS_HOST): for a scraper on the operator's network. */
  PONTE_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PONTE_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** `/readyz` fails when the oldest access event has waited longer than this to be sealed; 0 does not check. */
  PONTE_READY_MAX_SEAL_LAG_SECONDS: z.coerce.number().int().min(0).max(86_400).default(900),
  /** Hub operators must sign in with a second factor; by default on with DATABASE_URL, off for the embedded default. */
  PONTE_OPERATOR_SECOND_FACTOR: flag.optional(),
  /** `auto` migrates as the hub starts (the embedded default); `off` (the default with DATABASE_URL) leaves it to `ponte migrate`. */
  PONTE_MIGRATE: z.enum(['auto', 'off']).optional(),
  PONTE_DEMO_PASSWORD: z.string().min(12).default('ponte-demo-2026'),
  /** The demo network's two agency witnesses of the access log; by default on with the demo network, off otherwise. */
  PONTE_DEMO_WITNESSES: flag.optional(),
  PONTE_DEMO_WITNESS_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(15_000),
  PONTE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** `inline` runs webhook delivery inside the hub (the embedded default); `off` leaves it to `services/worker`. */
  PONTE_WORKER: z.enum(['inline', 'off']).default('inline'),
  /** Allow webhook endpoints on loopback or private networks (a single machine, a test bed). */
  PONTE_WEBHOOK_ALLOW_PRIVATE: flag.default(false),
  PONTE_WEBHOOK_BACKOFF_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  PONTE_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** With PONTE_WORKER=inline, run the daily retention job here (agencies' retention schedules: erase or anonymise closed cases that are due). */
  PONTE_RETENTION: flag.default(true),
  /** The hub's time of day (Africa/Maputo, `HH:MM`) from which each day's retention run is made. */
  PONTE_RETENTION_RUN_AT: z.string().refine(isTimeOfDay, 'HH:MM, 00:00 to 23:59').default('02:00'),
  /** How often the job looks whether the day's run is due (a run is made once a day whatever this is). */
  PONTE_RETENTION_CHECK_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  /** How often new access events are sealed into a signed tree head. */
  PONTE_SEAL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** Days access events stay in the live log before they are archived; 0 keeps them there. */
  PONTE_LOG_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  PONTE_LOG_ARCHIVE_DIR: z.string().min(1).default('./log-archives'),
  PONTE_LOG_WITNESSES_REQUIRED: z.coerce.number().int().min(1).max(50).default(1),
  /**
   * The key-encryption key the private signing keys are stored encrypted under: base64 or base64url
   * of 32 bytes (`openssl rand -base64 32`), or a file holding it. Required on PostgreSQL; the
   * embedded default makes its own in PONTE_DATA_DIR. See docs/signing-keys.md.
   */
  PONTE_KEY_ENCRYPTION_KEY: z.string().min(1).optional(),
  PONTE_KEY_ENCRYPTION_KEY_FILE: z.string().min(1).optional(),
  /** How long a rotated signing key is published before it signs (`ponte keys rotate`). */
  PONTE_KEY_PREPUBLICATION_HOURS: z.coerce.number().min(0).max(24 * 90).default(24),
  /** How often each process reads the published signing keys again, to publish a rotated one. */
  PONTE_KEY_REFRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // OpenTelemetry's own settings (OTEL_EXPORTER_OTLP_ENDPOINT and its kin).
  ...TracingEnv,
}).superRefine((env, problems) => {
  if (env.PONTE_READ_DATABASE_URL && !env.DATABASE_URL)
    problems.addIssue({
      code: 'custom',
      path: ['PONTE_READ_DATABASE_URL'],
      message: 'a read replica needs DATABASE_URL: the embedded database (PGlite) has no replica; unset it, or set DATABASE_URL to its primary',
    });
});
export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

/** The URL the hub is reached at: the token issuer and the base of links it prints. */
export const publicUrlOf = (env: Env) => env.PONTE_PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`;

/** Whether the hub listens on this machine only. */
export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
