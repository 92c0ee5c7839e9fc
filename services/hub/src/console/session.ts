import { timingSafeEqual } from 'node:crypto';
import type { TokenClaims } from '@ponte/auth';
import {
  consoleToken,
  endConsoleSession,
  keepConsoleReceipt,
  resumeConsoleSession,
  startConsoleSession,
  type ConsoleSession,
  type ConsoleSessionContext,
} from '@ponte/core';

export type { ConsoleSession };

export const randomToken = consoleToken;

/** Constant-time comparison of two tokens, false when either is missing. */
export function tokensMatch(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The console's sessions, as its pages use them: by the id the cookie carries. The sessions
 * themselves (their store, idle timeout and lifetime) are the core's console-session verbs.
 */
export class SessionStore {
  private readonly ctx: ConsoleSessionContext;

  constructor(db: ConsoleSessionContext['db'], idleTimeoutMs: number, now: () => Date) {
    this.ctx = { db, now, idleTimeoutMs };
  }

  /** Starts a session; the returned id goes into the cookie. */
  create(claims: TokenClaims): Promise<{ id: string; session: ConsoleSession }> {
    return startConsoleSession({ ctx: this.ctx, input: { claims } });
  }

  /** The live session with this cookie's id; `expired` says why it ended when it timed out. */
  touch(id: string | undefined): Promise<{ session?: ConsoleSession; expired?: 'idle' | 'lifetime' }> {
    return resumeConsoleSession({ ctx: this.ctx, input: { id } });
  }

  end(id: string | undefined): Promise<void> {
    return endConsoleSession({ ctx: this.ctx, input: { id } });
  }

  /** Keeps a receipt signed in this session, to show after the redirect. */
  keepReceipt(session: ConsoleSession, consentId: string, receipt: string): Promise<void> {
    return keepConsoleReceipt({ ctx: this.ctx, input: { session, consentId, receipt } });
  }
}
