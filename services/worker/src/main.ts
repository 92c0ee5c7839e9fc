/**
 * The background worker for a deployment on PostgreSQL: delivers webhooks from the outbox, and on
 * each sweep tells both agencies of every referral newly past a deadline (`referral.overdue`).
 * Once a day (from PONTE_RETENTION_RUN_AT, Maputo time) it runs each agency's retention schedule:
 * the closed cases that are due are erased or anonymised, those under a legal hold skipped, and
 * the run's report stored. Several may run at once; `FOR UPDATE SKIP LOCKED` and leases keep them
 * from making the same attempt twice, and an agency's day has one run (its claim is unique).
 */
import { KeyEncryptionKeyError, resolveKeyEncryptionKey, TokenService } from '@ponte/auth';
import { loadSigningKeys, observeStorage, readSigningKeys, refreshSigningKeys, retentionEraser, startDeliveryLoop, startRetentionLoop } from '@ponte/core';
import { serveMetrics, stopRecording } from '@ponte/metrics';
import { startTracing } from '@ponte/tracing';
import { openStorage, OUTBOX_CHANNEL } from '@ponte/db';
import { startSealingLoop, startVerificationLoop } from '@ponte/audit';
import { readWorkerEnv } from './env';
import { createLogger } from './logger';

const env = readWorkerEnv();
const logger = createLogger(env.LOG_LEVEL);
// The worker's rounds run outside any request: its spans are those of the deliveries it makes.
const tracing = startTracing(env, 'ponte-worker', (message) => logger.warn({ event: 'tracing' }, message));
if (!env.PONTE_METRICS) stopRecording();
const storage = await openStorage({ databaseUrl: env.DATABASE_URL, poolSize: 4, onIdleConnectionError: (err) => logger.warn({ err }, 'idle connection failed') });
const keyOptions = { keyEncryptionKey: (await resolveKeyEncryptionKey({ value: env.PONTE_KEY_ENCRYPTION_KEY, file: env.PONTE_KEY_ENCRYPTION_KEY_FILE }).catch(refuseToStart)).key };
const tokens = new TokenService({
  issuer: env.PONTE_PUBLIC_URL,
  audience: env.PONTE_TOKEN_AUDIENCE,
  ttlSeconds: 900,
  keys: await loadSigningKeys(storage.db, keyOptions).catch(refuseToStart),
  reloadKeys: () => readSigningKeys(storage.db, keyOptions),
});
// A rotated key is read within a minute, long before its time comes: then it signs here as in every hub.
refreshSigningKeys({ tokens, intervalMs: env.PONTE_KEY_REFRESH_SECONDS * 1000, onError: (err) => logger.warn({ err }, 'reading the signing keys again failed; the keys held stay in use') });
const loop = startDeliveryLoop({
  db: storage.db,
  tokens,
  // Endpoints' signing secrets are sealed under the same key-encryption key as the signing keys.
  secrets: keyOptions.keyEncryptionKey,
  logger,
  intervalMs: env.PONTE_WORKER_INTERVAL_MS,
  backoffBaseMs: env.PONTE_WEBHOOK_BACKOFF_BASE_MS,
  maxAttempts: env.PONTE_WEBHOOK_MAX_ATTEMPTS,
  allowPrivateTargets: env.PONTE_WEBHOOK_ALLOW_PRIVATE,
  subscribe: (onNotify) => storage.listen(OUTBOX_CHANNEL, onNotify),
});
const sealer = startSealingLoop({ db: storage.db, tokens, intervalMs: env.PONTE_SEAL_INTERVAL_MS, retentionDays: env.PONTE_LOG_RETENTION_DAYS, archiveDir: env.PONTE_LOG_ARCHIVE_DIR, onError: (err) => logger.error({ err }, 'sealing the access log failed') });
const verifier = startVerificationLoop({ db: storage.db, tokens, witnessesRequired: env.PONTE_LOG_WITNESSES_REQUIRED, parallelism: 2, onError: (err) => logger.error({ err }, 'verifying the access log failed') });
// The daily retention job: erasures go through eraseSubject as each agency's system actor.
const retention = env.PONTE_RETENTION
  ? startRetentionLoop({
      db: storage.db,
      erase: retentionEraser({ tokens, logger, settings: { breakGlassMinutes: 0, publicUrl: env.PONTE_PUBLIC_URL, purgeAttestationDays: env.PONTE_PURGE_ATTESTATION_DAYS } }),
      runAt: env.PONTE_RETENTION_RUN_AT,
      checkEveryMs: env.PONTE_RETENTION_CHECK_MS,
      logger: logger.child({ component: 'retention' }),
    })
  : undefined;
logger.info('worker delivering webhooks, flagging overdue referrals, sealing the access log and verifying it on request, running retention schedules daily');

/** A key-encryption key problem is the operator's to fix: one line naming the setting, exit 1. */
function refuseToStart(error: unknown): never {
  if (!(error instanceof KeyEncryptionKeyError)) throw error;
  process.stderr.write(`ponte worker: refusing to start: ${error.message}\n`);
  process.exit(1);
}

let stopping = false;
// The worker's own metrics (its deliveries, and the queues it works through) and probes, when asked for a port.
const metricsServer =
  env.PONTE_METRICS_PORT === undefined || !env.PONTE_METRICS
    ? undefined
    : serveMetrics(
        () => observeStorage(storage),
        env.PONTE_METRICS_PORT,
        env.PONTE_METRICS_HOST,
        (port) => logger.info({ port, host: env.PONTE_METRICS_HOST }, 'metrics and probes listening'),
        // Ready while it is not stopping and its database answers.
        async () => !stopping && (await storage.ping().then(() => true, () => false)),
      );

async function stop(signal: string) {
  logger.info({ signal }, 'worker stopping after the current round');
  stopping = true;
  await loop.stop();
  await sealer.stop();
  await verifier.stop();
  await retention?.stop();
  await storage.close();
  metricsServer?.close();
  await tracing?.shutdown();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
