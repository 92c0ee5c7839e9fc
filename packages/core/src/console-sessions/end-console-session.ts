import { deleteConsoleSession, withoutTenant } from '@ponte/db';
import { isUnusableSessionId, sessionIdHash, type ConsoleSessionContext } from './console-session';

/** Ends the session with this id (signing out, or signing in again), whether or not it still exists. */
export async function endConsoleSession({ ctx, input }: { ctx: ConsoleSessionContext; input: { id: string | undefined } }): Promise<void> {
  if (isUnusableSessionId(input.id)) return;
  const idHash = sessionIdHash(input.id);
  await withoutTenant(ctx.db, 'authenticator', (tx) => deleteConsoleSession(tx, idHash));
}
