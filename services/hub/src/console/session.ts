import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenClaims } from '@ponte/auth';
import {
  deleteConsoleSession,
  deleteIdleConsoleSessions,
  findConsoleSession,
  insertConsoleSession,
  setConsoleSessionReceipts,
  touchConsoleSession,
  withoutTenant,
  type Db,
} from '@ponte/db';

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

export const randomToken = () => randomBytes(32).toString('base64url');

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

/** Constant-time comparison of two tokens, false when either is missing. */
export function tokensMatch(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How stale `last_seen_at` may get before a page writes it again: one write a minute per session, not one a page. */
const TOUCH_EVERY_MS = 60_000;
const KEPT_RECEIPTS = 10;
/** The longest a session lasts, however active: then the person signs in again. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

/**
 * Console sessions in the database, by the SHA-256 of their id: a copy of the table reveals no
 * usable cookie, and any hub process serves any session. A session unused for longer than the
 * idle timeout, or older than {@link SESSION_LIFETIME_MS}, is gone.
 */
export class SessionStore {
  constructor(
    private readonly db: Db,
    readonly idleTimeoutMs: number,
    private readonly now: () => Date,
  ) {}

  /** Starts a session; the returned id goes into the cookie and is never stored. */
  async create(claims: TokenClaims): Promise<{ id: string; session: ConsoleSession }> {
    const id = randomToken();
    const now = this.now();
    const row = await withoutTenant(this.db, 'authenticator', async (tx) => {
      await deleteIdleConsoleSessions(tx, new Date(now.getTime() - this.idleTimeoutMs));
      return insertConsoleSession(tx, { id_hash: hashOf(id), claims: { ...claims }, csrf_token: randomToken(), created_at: now, last_seen_at: now });
    });
    return { id, session: { idHash: row.id_hash, claims, csrfToken: row.csrf_token, lastSeenAt: now.getTime(), receipts: {} } };
  }

  /** The live session with this id, touched; `expired` says why it ended when it timed out (and is now gone). */
  async touch(id: string | undefined): Promise<{ session?: ConsoleSession; expired?: 'idle' | 'lifetime' }> {
    if (!id || id.length > 100) return {};
    const idHash = hashOf(id);
    const now = this.now().getTime();
    return withoutTenant(this.db, 'authenticator', async (tx) => {
      const row = await findConsoleSession(tx, idHash);
      if (!row) return {};
      const lastSeenAt = row.last_seen_at.getTime();
      if (now - lastSeenAt > this.idleTimeoutMs) {
        await deleteConsoleSession(tx, idHash);
        return { expired: 'idle' };
      }
      if (now - row.created_at.getTime() > SESSION_LIFETIME_MS) {
        await deleteConsoleSession(tx, idHash);
        return { expired: 'lifetime' };
      }
      if (now - lastSeenAt > TOUCH_EVERY_MS) await touchConsoleSession(tx, idHash, new Date(now));
      const session: ConsoleSession = {
        idHash,
        claims: row.claims as unknown as TokenClaims,
        csrfToken: row.csrf_token,
        lastSeenAt: Math.max(now, lastSeenAt),
        receipts: row.receipts,
      };
      return { session };
    });
  }

  async end(id: string | undefined): Promise<void> {
    if (!id || id.length > 100) return;
    await withoutTenant(this.db, 'authenticator', (tx) => deleteConsoleSession(tx, hashOf(id)));
  }

  /** Keeps a receipt signed in this session (the last few), to show after the redirect. */
  async keepReceipt(session: ConsoleSession, consentId: string, receipt: string): Promise<void> {
    const receipts = Object.fromEntries([...Object.entries(session.receipts), [consentId, receipt]].slice(-KEPT_RECEIPTS));
    session.receipts = receipts;
    await withoutTenant(this.db, 'authenticator', (tx) => setConsoleSessionReceipts(tx, session.idHash, receipts));
  }
}
