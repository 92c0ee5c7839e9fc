import type { OpenAPIHono } from '@hono/zod-openapi';
import type { SecretSealer, TokenService } from '@ponte/auth';
import type { AuthenticatedPrincipal, Context } from '@ponte/core';
import type { Db, ReplicaReads, StorageKind } from '@ponte/db';
import type { Logger } from 'pino';
import type { LimitDecision, LimitStore } from './limit-stores';

/** Everything the app is built from; tests build it with their own. */
export interface HubDeps {
  db: Db;
  /** The read replica for the reads that may be stale (`PONTE_READ_DATABASE_URL`); none, all on `db`. */
  replica?: ReplicaReads | undefined;
  storageKind: StorageKind;
  /** Does the database answer? (outside the request pool, for readiness) */
  ping: () => Promise<void>;
  tokens: TokenService;
  /** Seals people's second-factor secrets at rest: the key-encryption key the signing keys are under. */
  secrets?: SecretSealer;
  /** Readiness fails when the oldest access event has waited longer than this to be sealed (0: not checked). */
  maxSealLagSeconds?: number;
  /** The bearer token `/metrics` asks for; without one, `/metrics` is not served on the API's port. */
  metricsToken?: string | undefined;
  /** The pool's connections now, for the metrics. */
  poolStats?: () => { busy: number; idle: number; waiting: number };
  /** Whether hub operators must sign in with a second factor (default false; `PONTE_OPERATOR_SECOND_FACTOR`). */
  operatorSecondFactor?: boolean;
  logger: Logger;
  bodyLimitBytes: number;
  /** The largest document an upload may carry (default 10 MiB; `PONTE_DOCUMENT_MAX_BYTES`): its body is streamed, outside `bodyLimitBytes`. */
  documentMaxBytes?: number;
  /** Requests a principal may make a minute (default 1200); token requests an address may make a minute (default 120). */
  rateLimitPerMinute?: number;
  /** Where rate limits are counted (see `limit-stores.ts`); memory, per process, when not given. */
  limits?: LimitStore;
  tokenRateLimitPerMinute?: number;
  /** Peers whose `X-Forwarded-For` is believed for rate limits (default none: every peer is a client). */
  trustedProxies?: readonly string[];
  /** Longest a request may run before it is stopped with 503 (default 30 s). */
  requestTimeoutMs?: number;
  /** Tell each response's exchanges with the database in `Server-Timing` (default false). */
  serverTiming?: boolean;
  /** Allow webhook endpoints on loopback and private networks (default false). */
  allowPrivateWebhookTargets?: boolean;
  /** How long the answer to an `Idempotency-Key` is kept for retries, in hours (default 24). */
  idempotencyTtlHours?: number;
  /** How many agencies' witnesses must cosign a checkpoint before the hub calls it witnessed (default 1). */
  witnessesRequired?: number;
  /** How long a break-glass grant lasts (default 60). */
  breakGlassMinutes?: number;
  /** How long after a transfer is accepted the sender's record stays writable, in days (default 14). */
  transferGraceDays?: number;
  /** How many days a recipient has to attest the purge of an erased subject's data (default 30). */
  purgeAttestationDays?: number;
  /** How long a console session may sit unused before it ends (default 30 minutes). */
  consoleIdleMinutes?: number;
  publicUrl: string;
  now?: () => Date;
  /** False while the hub starts or shuts down. */
  isReady?: () => boolean;
}

export interface HubEnv {
  Variables: {
    requestId: string;
    /** The caller's own X-Request-Id, when it sent a usable one. */
    clientRequestId?: string;
    logger: Logger;
    ctx: Context;
    principal: AuthenticatedPrincipal;
    /** The limits this request was counted against, for the `RateLimit` header fields. */
    rateLimits?: LimitDecision[];
    /** The version `If-Match` named, for a change of a versioned record (none for `*`). */
    expectedVersion?: number;
  };
}

export type HubApp = OpenAPIHono<HubEnv>;
