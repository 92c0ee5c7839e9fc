import { createHash, randomBytes } from 'node:crypto';
import type { TokenClaims } from '@ponte/auth';
import type { Database } from '@ponte/db';
import type { Kysely } from 'kysely';

/** A signed-in person's console session, kept on the server; the browser holds only its random id. */
export interface ConsoleSession {
  /** The SHA-256 of the id: what the store knows it by. */
  idHash: string;
  /** Who signed in, as the token endpoint would name them in a token. */
  claims: TokenClaims;
  /** Sent back in every form of this session; a POST without it is refused. */
  csrfToken: string;
  lastSeenAt: number;
  /** Receipts signed in this session, by consent id, to show once more after the redirect. */
  receipts: Record<string, string>;
}

/** What the console's session verbs work with: the database, the clock and how long a session may sit unused. */
export interface ConsoleSessionContext {
  db: Kysely<Database>;
  now: () => Date;
  idleTimeoutMs: number;
}

/** The longest a session lasts, however active: then the person signs in again. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;
/** How stale `last_seen_at` may get before a page writes it again: one write a minute per session, not one a page. */
export const TOUCH_EVERY_MS = 60_000;
/** How many receipts a session keeps to show again. */
export const KEPT_RECEIPTS = 10;

/** A random token of 256 bits, URL-safe: a session id, a CSRF token. */
export const consoleToken = () => randomBytes(32).toString('base64url');

/** What the store knows a session by: a copy of the table reveals no usable cookie. */
export const sessionIdHash = (id: string) => createHash('sha256').update(id).digest('hex');

/** An id no session can have (missing, or longer than any this hub hands out), not worth a query. */
export const isUnusableSessionId = (id: string | undefined): id is undefined => !id || id.length > 100;
