import type { TokenService } from '@ponte/auth';
import type { Database } from '@ponte/db';
import type { AppAbility, Principal } from '@ponte/policy';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

export interface HubSettings {
  /** How long a break-glass grant lasts. */
  breakGlassMinutes: number;
  /** The hub's public address, for links in receipts and exports. */
  publicUrl: string;
  /** Allow webhook endpoints on loopback and private networks (tests, single-machine setups). */
  allowPrivateWebhookTargets?: boolean;
}

/** What every verb acting for a principal receives. */
export interface Context {
  db: Kysely<Database>;
  principal: Principal & { team?: string | null | undefined };
  /** Signs consent receipts with the hub's key. */
  tokens: TokenService;
  settings: HubSettings;
  ability: AppAbility;
  logger: Logger;
  requestId: string;
  now: () => Date;
}

/** What verbs that run before anyone is authenticated receive. */
export interface AnonymousContext {
  db: Kysely<Database>;
  logger: Logger;
  requestId: string;
  now: () => Date;
}
