import type { Database } from '@ponte/db';
import type { AppAbility, Principal } from '@ponte/policy';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/** What every verb acting for a principal receives. */
export interface Context {
  db: Kysely<Database>;
  principal: Principal;
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
