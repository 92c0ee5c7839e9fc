import { setConsoleSessionReceipts, withoutTenant } from '@ponte/db';
import { KEPT_RECEIPTS, type ConsoleSession, type ConsoleSessionContext } from './console-session';

/**
 * Keeps a consent receipt signed in this session (the last {@link KEPT_RECEIPTS}), to show after
 * the redirect; the session's receipts are updated too.
 */
export async function keepConsoleReceipt({ ctx, input }: { ctx: ConsoleSessionContext; input: { session: ConsoleSession; consentId: string; receipt: string } }): Promise<void> {
  const { session } = input;
  const receipts = Object.fromEntries([...Object.entries(session.receipts), [input.consentId, input.receipt]].slice(-KEPT_RECEIPTS));
  session.receipts = receipts;
  await withoutTenant(ctx.db, 'authenticator', (tx) => setConsoleSessionReceipts(tx, session.idHash, receipts));
}
