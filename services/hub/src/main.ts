import { TokenService } from '@ponte/auth';
import { observeStorage, countDemoPasswordAccounts, demoClientId, demoClientSecret, DEMO_OPERATOR, DEMO_USERS, retentionEraser, seedDemoNetwork, startDeliveryLoop, startRetentionLoop } from '@ponte/core';
import { loginConcerns, openStorage, OUTBOX_CHANNEL, pendingMigrations } from '@ponte/db';
import { startSealingLoop, startVerificationLoop } from '@ponte/audit';
import { serveMetrics, stopRecording } from '@ponte/metrics';
import { startTracing } from '@ponte/tracing';
import { startDemoWitnesses } from './witness';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { createHubServer } from './server';
import { memoryLimits, postgresLimits, redisLimits } from './limit-stores';
import { openSigningKeys } from './signing-keys';
import { EnvSchema, isLoopback, publicUrlOf, readEnv } from './env';
import { createLogger } from './logger';

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
const tracing = startTracing(env, 'ponte-hub', (message) => logger.warn({ event: 'tracing' }, message));
if (tracing) logger.info({ collector: new URL((env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT)!).origin }, 'tracing: spans exported by OTLP');
if (!env.PONTE_METRICS) stopRecording();
const publicUrl = publicUrlOf(env);

let ready = false;
// Deployed, migrations are a job of their own (`ponte migrate`, with the owner's credentials) and
// the hub never holds them; the embedded default migrates as it starts.
const migrate = env.PONTE_MIGRATE ?? (env.DATABASE_URL ? 'off' : 'auto');
const seedDemo = env.PONTE_SEED_DEMO ?? !env.DATABASE_URL;
if (migrate === 'auto' && env.PONTE_MIGRATION_DATABASE_URL) {
  // The owner migrates over its own connection; the hub's connection never holds the owner's rights.
  const owner = await openStorage({ databaseUrl: env.PONTE_MIGRATION_DATABASE_URL, poolSize: 1, migrate: true });
  await owner.close();
}
const storage = await openStorage({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.PONTE_DATA_DIR,
  poolSize: env.PONTE_DB_POOL_SIZE,
  preparedStatements: env.PONTE_DB_PREPARED_STATEMENTS,
  migrate: migrate === 'auto' && !env.PONTE_MIGRATION_DATABASE_URL,
  replica: env.PONTE_READ_DATABASE_URL
    ? {
        url: env.PONTE_READ_DATABASE_URL,
        maxStalenessSeconds: env.PONTE_READ_MAX_STALENESS_SECONDS,
        // Said once each time the reads that may be stale change where they go.
        onChange: ({ target, reason }, lagSeconds) => {
          const fields = { event: 'database.read_replica', target, reason, lagSeconds };
          if (target === 'replica') logger.info(fields, 'the read replica is current: the reads that may be stale go there');
          else logger.warn(fields, `the read replica is ${reason}: the reads that may be stale go to the primary`);
        },
      }
    : undefined,
  onIdleConnectionError: (error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it'),
});
const pending = await pendingMigrations(storage.db);
if (pending.length > 0) {
  logger.fatal({ event: 'database.schema_behind', pending }, 'the database schema is behind this hub: run `ponte migrate` with the schema owner’s credentials (PONTE_MIGRATE=off)');
  await storage.close();
  process.exit(1);
}
logger.info({ storage: storage.kind, location: storage.location, migrate }, 'storage ready, schema up to date');
if (storage.replica) {
  logger.info(
    { readReplica: new URL(env.PONTE_READ_DATABASE_URL!).host, maxStalenessSeconds: env.PONTE_READ_MAX_STALENESS_SECONDS },
    'the log search, the figures and the directory read on the replica while it is current enough, else on the primary',
  );
  // Checked once now, so the log says at start whether the replica serves (a replica down never stops the hub).
  await storage.replica.decision();
}
if (storage.kind === 'postgres')
  for (const concern of await loginConcerns(storage.db))
    logger.warn(
      { event: 'database.login', concern },
      concern === 'superuser'
        ? 'the hub is connected as a superuser, which row-level security does not bind: connect as ponte_hub (infra/postgres/roles.sql)'
        : 'the hub is connected as the schema owner: connect as ponte_hub and migrate with PONTE_MIGRATION_DATABASE_URL (infra/postgres/roles.sql)',
    );

const signingKeys = await openSigningKeys(env, storage.db, logger);
const tokens = new TokenService({ issuer: publicUrl, audience: env.PONTE_TOKEN_AUDIENCE, ttlSeconds: env.PONTE_TOKEN_TTL_SECONDS, keys: signingKeys.keys, reloadKeys: signingKeys.reloadKeys });
signingKeys.refresh(tokens);

const seed = seedDemo ? await seedDemoNetwork({ db: storage.db, demoPassword: env.PONTE_DEMO_PASSWORD }) : undefined;
if (seed?.seeded) logger.info({ ...seed }, 'demo network seeded');
await refuseDemoPasswordsOnTheNetwork();

// Rate limits: in Redis for every hub when there is one, else the sign-in limits in the database.
const limitKeySecret = signingKeys.keyEncryptionKey.derive('rate-limit keys');
const limits = env.PONTE_REDIS_URL
  ? redisLimits(env.PONTE_REDIS_URL, limitKeySecret, (err) => logger.warn({ err, event: 'rate_limits.redis_unavailable' }, 'Redis does not answer: each hub counts rate limits in its own memory until it does'), env.PONTE_REDIS_KEY_PREFIX)
  : storage.kind === 'postgres'
    ? postgresLimits(storage.db, limitKeySecret, (err) => logger.warn({ err, event: 'rate_limits.database_unavailable' }, 'the rate-limit table does not answer: each hub counts the sign-in limits in its own memory until it does'))
    : memoryLimits();
logger.info({ rateLimits: limits.kind }, 'rate limits counted');

const app = createApp({
  limits,
  db: storage.db,
  replica: storage.replica,
  storageKind: storage.kind,
  ping: storage.ping,
  tokens,
  // The same key-encryption key seals people's second-factor secrets.
  secrets: signingKeys.keyEncryptionKey,
  operatorSecondFactor: env.PONTE_OPERATOR_SECOND_FACTOR ?? Boolean(env.DATABASE_URL),
  metricsToken: env.PONTE_METRICS ? env.PONTE_METRICS_TOKEN : undefined,
  maxSealLagSeconds: env.PONTE_READY_MAX_SEAL_LAG_SECONDS,
  poolStats: storage.poolStats,
  logger,
  bodyLimitBytes: env.PONTE_BODY_LIMIT_BYTES,
  documentMaxBytes: env.PONTE_DOCUMENT_MAX_BYTES,
  breakGlassMinutes: env.PONTE_BREAK_GLASS_MINUTES,
  transferGraceDays: env.PONTE_TRANSFER_GRACE_DAYS,
  purgeAttestationDays: env.PONTE_PURGE_ATTESTATION_DAYS,
  idempotencyTtlHours: env.PONTE_IDEMPOTENCY_TTL_HOURS,
  consoleIdleMinutes: env.PONTE_CONSOLE_IDLE_MINUTES,
  rateLimitPerMinute: env.PONTE_RATE_LIMIT_PER_MINUTE,
  tokenRateLimitPerMinute: env.PONTE_TOKEN_RATE_LIMIT_PER_MINUTE,
  trustedProxies: env.PONTE_TRUSTED_PROXIES,
  requestTimeoutMs: env.PONTE_REQUEST_TIMEOUT_MS,
  serverTiming: env.PONTE_SERVER_TIMING,
  allowPrivateWebhookTargets: env.PONTE_WEBHOOK_ALLOW_PRIVATE,
  witnessesRequired: env.PONTE_LOG_WITNESSES_REQUIRED,
  publicUrl,
  isReady: () => ready,
});

// In the embedded default webhook delivery runs here; deployed, `services/worker` runs it on its own.
const worker =
  env.PONTE_WORKER === 'inline'
    ? startDeliveryLoop({
        db: storage.db,
        tokens,
        secrets: signingKeys.keyEncryptionKey,
        logger: logger.child({ component: 'worker' }),
        backoffBaseMs: env.PONTE_WEBHOOK_BACKOFF_BASE_MS,
        maxAttempts: env.PONTE_WEBHOOK_MAX_ATTEMPTS,
        allowPrivateTargets: env.PONTE_WEBHOOK_ALLOW_PRIVATE,
        subscribe: (onNotify) => storage.listen(OUTBOX_CHANNEL, onNotify),
      })
    : undefined;

const sealer =
  env.PONTE_WORKER === 'inline'
    ? startSealingLoop({ db: storage.db, tokens, intervalMs: env.PONTE_SEAL_INTERVAL_MS, retentionDays: env.PONTE_LOG_RETENTION_DAYS, archiveDir: env.PONTE_LOG_ARCHIVE_DIR, onError: (err) => logger.error({ err }, 'sealing the access log failed') })
    : undefined;

// Verifications of the access log that privacy officers asked for run here, off the request path.
const verifier =
  env.PONTE_WORKER === 'inline'
    ? startVerificationLoop({ db: storage.db, tokens, witnessesRequired: env.PONTE_LOG_WITNESSES_REQUIRED, parallelism: storage.kind === 'pglite' ? 1 : 2, onError: (err) => logger.error({ err }, 'verifying the access log failed') })
    : undefined;

// The daily retention job (agencies' retention schedules) runs here too in the embedded default.
const retention =
  env.PONTE_WORKER === 'inline' && env.PONTE_RETENTION
    ? startRetentionLoop({
        db: storage.db,
        erase: retentionEraser({ tokens, logger: logger.child({ component: 'worker' }), settings: { breakGlassMinutes: env.PONTE_BREAK_GLASS_MINUTES, publicUrl, purgeAttestationDays: env.PONTE_PURGE_ATTESTATION_DAYS } }),
        runAt: env.PONTE_RETENTION_RUN_AT,
        checkEveryMs: env.PONTE_RETENTION_CHECK_MS,
        logger: logger.child({ component: 'retention' }),
      })
    : undefined;

const server = createHubServer(app, { bodyLimitBytes: env.PONTE_BODY_LIMIT_BYTES, documentMaxBytes: env.PONTE_DOCUMENT_MAX_BYTES });
const metricsServer =
  env.PONTE_METRICS_PORT === undefined || !env.PONTE_METRICS
    ? undefined
    : serveMetrics(() => observeStorage(storage), env.PONTE_METRICS_PORT, env.PONTE_METRICS_HOST, (port) =>
        logger.info({ port, host: env.PONTE_METRICS_HOST }, 'metrics listening'),
      );
let demoWitnesses: { stop: () => Promise<unknown> } | undefined;
server.listen(env.PORT, env.HOST, () => {
  ready = true;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: env.HOST }, 'hub listening');
  if (seedDemo) printWelcome();
  // Two agencies of the demo network witness its access log, as their own systems would.
  if (env.PONTE_DEMO_WITNESSES ?? seedDemo) {
    const witnessLogger = logger.child({ component: 'demo-witness' });
    startDemoWitnesses({
      hubUrl: `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}`,
      dataDir: env.PONTE_DATA_DIR,
      demoPassword: env.PONTE_DEMO_PASSWORD,
      intervalMs: env.PONTE_DEMO_WITNESS_INTERVAL_MS,
      onOutcome: (agency, outcome) =>
        outcome.outcome === 'cosigned' || outcome.outcome === 'unchanged' || outcome.outcome === 'no_checkpoint' ? witnessLogger.debug({ agency, ...outcome }, 'witness round') : witnessLogger.warn({ agency, ...outcome }, 'the witness did not cosign'),
      onError: (err) => witnessLogger.warn({ err }, 'a witness round failed'),
    }).then(
      (started) => (demoWitnesses = started),
      (err: unknown) => witnessLogger.error({ err }, 'the demo witnesses did not start'),
    );
  }
});

/**
 * The demo's passwords are printed in the README: a hub reachable from other machines refuses to
 * start while any account still has one, unless PONTE_ALLOW_DEMO says so (and the log says it loudly).
 */
async function refuseDemoPasswordsOnTheNetwork() {
  if (isLoopback(env.HOST)) return;
  const accounts = await countDemoPasswordAccounts(storage.db);
  if (accounts === 0) return;
  if (env.PONTE_ALLOW_DEMO) {
    logger.warn({ event: 'demo.allowed', accounts, host: env.HOST }, `DEMO PASSWORDS ON THE NETWORK: ${accounts} accounts still have the demo password and the hub listens on ${env.HOST} (PONTE_ALLOW_DEMO=true)`);
    return;
  }
  logger.fatal(
    { event: 'demo.refused', accounts, host: env.HOST },
    `${accounts} accounts still have the demo password the demo seeder gave them (the README prints the default): the hub will not listen on ${env.HOST}. Change those passwords, listen on 127.0.0.1, or set PONTE_ALLOW_DEMO=true for a demo on a network`,
  );
  await storage.close();
  process.exit(1);
}

function printWelcome() {
  // The default demo password is public anyway; one chosen by the deployer is never printed.
  const password = env.PONTE_DEMO_PASSWORD === EnvSchema.shape.PONTE_DEMO_PASSWORD.parse(undefined) ? env.PONTE_DEMO_PASSWORD : '<demo password>';
  const agencyUsers = DEMO_USERS.map((u) => u.username).join(', ');
  process.stdout.write(`
Ponte is up at ${publicUrl}
  API docs:      ${publicUrl}/docs   (OpenAPI 3.1: ${publicUrl}/openapi.json)
  Readiness:     ${publicUrl}/readyz
  Storage:       ${storage.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${storage.location}` : `PostgreSQL at ${storage.location}`}

Demo network: iom, pgr, senami, mgcas, unhcr, unicef, casa-esperanca, caminho-seguro.
Every agency has the users ${agencyUsers}; the hub operator is '${DEMO_OPERATOR.username}'.
All demo passwords are the value of PONTE_DEMO_PASSWORD (default: ponte-demo-2026).

  # a token for IOM's caseworker
  curl -s ${publicUrl}/oauth/token -d grant_type=password -d agency=iom -d username=caseworker -d password='${password}'

  # a token for IOM's case-management system (client credentials)
  curl -s ${publicUrl}/oauth/token -u '${demoClientId('iom')}:${demoClientSecret('iom', password)}' -d grant_type=client_credentials

  # then
  curl -s ${publicUrl}/v1/me -H "Authorization: Bearer <access_token>"

`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  ready = false;
  logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
  const deadline = setTimeout(() => {
    logger.warn('requests still in flight at the shutdown deadline; closing anyway');
    process.exit(1);
  }, env.PONTE_SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  metricsServer?.close();
  // A caller that hung up closed its connection, not its request: that work still finishes first.
  await server.drained();
  await demoWitnesses?.stop();
  await worker?.stop();
  await sealer?.stop();
  await verifier?.stop();
  await retention?.stop();
  await limits.close();
  await storage.close();
  // The last spans go out before the process does.
  await tracing?.shutdown();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
