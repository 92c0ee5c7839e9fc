import type { TokenClaims } from '@ponte/auth';
import { deleteConsoleSession, findConsoleSession, touchConsoleSession, withoutTenant } from '@ponte/db';
import { isUnusableSessionId, SESSION_LIFETIME_MS, sessionIdHash, TOUCH_EVERY_MS, type ConsoleSession, type ConsoleSessionContext } from './console-session';

/**
 * The live session with this id, its last use recorded (at most once a minute). A session unused
 * for longer than the idle timeout, or older than {@link SESSION_LIFETIME_MS}, is deleted, and
 * `expired` says which ended it.
 */
export async function resumeConsoleSession({ ctx, input }: { ctx: ConsoleSessionContext; input: { id: string | undefined } }): Promise<{ session?: ConsoleSession; expired?: 'idle' | 'lifetime' }> {
  if (isUnusableSessionId(input.id)) return {};
  const idHash = sessionIdHash(input.id);
  const now = ctx.now().getTime();
  return withoutTenant(ctx.db, 'authenticator', async (tx) => {
    const row = await findConsoleSession(tx, idHash);
    if (!row) return {};
    const lastSeenAt = row.last_seen_at.getTime();
    const expired = now - lastSeenAt > ctx.idleTimeoutMs ? 'idle' : now - row.created_at.getTime() > SESSION_LIFETIME_MS ? 'lifetime' : undefined;
    if (expired) {
      await deleteConsoleSession(tx, idHash);
      return { expired };
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
