import type { TokenClaims } from '@ponte/auth';
import { deleteIdleConsoleSessions, insertConsoleSession, withoutTenant } from '@ponte/db';
import { consoleToken, sessionIdHash, type ConsoleSession, type ConsoleSessionContext } from './console-session';

/**
 * Starts a console session for these claims, clearing sessions left idle past the timeout on the
 * way. The returned id goes into the cookie and is never stored; the store keeps its SHA-256.
 */
export async function startConsoleSession({ ctx, input }: { ctx: ConsoleSessionContext; input: { claims: TokenClaims } }): Promise<{ id: string; session: ConsoleSession }> {
  const id = consoleToken();
  const now = ctx.now();
  const row = await withoutTenant(ctx.db, 'authenticator', async (tx) => {
    await deleteIdleConsoleSessions(tx, new Date(now.getTime() - ctx.idleTimeoutMs));
    return insertConsoleSession(tx, { id_hash: sessionIdHash(id), claims: { ...input.claims }, csrf_token: consoleToken(), created_at: now, last_seen_at: now });
  });
  return { id, session: { idHash: row.id_hash, claims: input.claims, csrfToken: row.csrf_token, lastSeenAt: now.getTime(), receipts: {} } };
}
