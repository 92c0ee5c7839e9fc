import type { SecretSealer, TokenService } from '@ponte/auth';
import type { Database, ReplicaReads } from '@ponte/db';
import type { AppAbility, Principal } from '@ponte/policy';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { IdempotentRequest } from './idempotency';

export interface HubSettings {
  /** How long a break-glass grant lasts. */
  breakGlassMinutes: number;
  /** How long after a transfer of responsibility is accepted the sender's record stays writable, in days (default 14). */
  transferGraceDays?: number;
  /** How many days an agency asked to purge an erased subject's data has to attest it (default 30). */
  purgeAttestationDays?: number;
  /** The hub's public address, for links in receipts and exports. */
  publicUrl: string;
  /** Allow webhook endpoints on loopback and private networks (tests, single-machine setups). */
  allowPrivateWebhookTargets?: boolean;
  /** How long a stored answer to an `Idempotency-Key` is kept for retries (default 24). */
  idempotencyTtlHours?: number;
  /** How many agencies' witnesses must cosign a checkpoint before the hub calls it witnessed (default 1). */
  witnessesRequired?: number;
}

/** What every verb acting for a principal receives. */
export interface Context {
  db: Kysely<Database>;
  principal: Principal & { team?: string | null | undefined; agencySlug?: string | null | undefined };
  /** Signs consent receipts with the hub's key. */
  tokens: TokenService;
  settings: HubSettings;
  ability: AppAbility;
  logger: Logger;
  requestId: string;
  /** The caller's own request id, kept beside the hub's (never in its place). */
  clientRequestId?: string | undefined;
  now: () => Date;
  /** The request's `Idempotency-Key`, claimed by its first unit of work (see `idempotencyFacts`). */
  idempotency?: IdempotentRequest | undefined;
  /** The read replica, for the verbs whose reads may be stale (`readingMayBeStale`); none, every read is on `db`. */
  replica?: ReplicaReads | undefined;
  /** Seals webhook endpoints' signing secrets at rest (the hub's key-encryption key). */
  secrets?: SecretSealer | undefined;
}

/** What verbs that run before anyone is authenticated receive. */
export interface AnonymousContext {
  db: Kysely<Database>;
  logger: Logger;
  requestId: string;
  now: () => Date;
  /** Seals the secrets of people's second factors at rest (the hub's key-encryption key); without it none can be enrolled or checked. */
  secrets?: SecretSealer | undefined;
  /** Whether hub operators must sign in with a second factor (agencies decide it for their own people). */
  operatorSecondFactor?: boolean | undefined;
}
