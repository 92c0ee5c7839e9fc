import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenClaims } from '@ponte/auth';

/** A signed-in person's console session, kept on the server; the browser holds only its random id. */
export interface ConsoleSession {
  /** Who signed in, as the token endpoint would name them in a token. */
  claims: TokenClaims;
  /** Sent back in every form of this session; a POST without it is refused. */
  csrfToken: string;
  lastSeenAt: number;
  /** The access token the console acts with, reused until shortly before it expires. */
  token?: { value: string; expiresAt: number };
  /** Receipts signed in this session, by consent id, to show once more after the redirect. */
  receipts: Map<string, string>;
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

/**
 * Console sessions by the SHA-256 of their id: a copy of the store reveals no usable cookie.
 * A session unused for longer than the idle timeout is gone. Kept in the hub's memory, so a
 * restart signs everyone out.
 */
export class SessionStore {
  readonly #sessions = new Map<string, ConsoleSession>();

  constructor(
    readonly idleTimeoutMs: number,
    private readonly now: () => Date,
  ) {}

  /** Starts a session; the returned id goes into the cookie and is never stored. */
  create(claims: TokenClaims): { id: string; session: ConsoleSession } {
    this.#sweep();
    const id = randomToken();
    const session: ConsoleSession = { claims, csrfToken: randomToken(), lastSeenAt: this.now().getTime(), receipts: new Map() };
    this.#sessions.set(hashOf(id), session);
    return { id, session };
  }

  /** The live session with this id, touched; `expired` when it timed out (and is now gone). */
  touch(id: string | undefined): { session?: ConsoleSession; expired?: boolean } {
    if (!id) return {};
    const key = hashOf(id);
    const session = this.#sessions.get(key);
    if (!session) return {};
    const now = this.now().getTime();
    if (now - session.lastSeenAt > this.idleTimeoutMs) {
      this.#sessions.delete(key);
      return { expired: true };
    }
    session.lastSeenAt = now;
    return { session };
  }

  end(id: string | undefined): void {
    if (id) this.#sessions.delete(hashOf(id));
  }

  #sweep() {
    const now = this.now().getTime();
    for (const [key, session] of this.#sessions) if (now - session.lastSeenAt > this.idleTimeoutMs) this.#sessions.delete(key);
  }
}
