import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { ConsoleSessionRow } from '../schema';

export function insertConsoleSession(tx: ScopedTx, session: { id_hash: string; claims: Record<string, unknown>; csrf_token: string; created_at: Date; last_seen_at: Date }): Promise<ConsoleSessionRow> {
  return tx
    .insertInto('console_sessions')
    .values({ ...session, claims: JSON.stringify(session.claims) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findConsoleSession(tx: ScopedTx, idHash: string): Promise<ConsoleSessionRow | undefined> {
  return tx.selectFrom('console_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function touchConsoleSession(tx: ScopedTx, idHash: string, at: Date): Promise<void> {
  await tx.updateTable('console_sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function setConsoleSessionReceipts(tx: ScopedTx, idHash: string, receipts: Record<string, string>): Promise<void> {
  await tx.updateTable('console_sessions').set({ receipts: JSON.stringify(receipts) }).where('id_hash', '=', idHash).execute();
}

export async function deleteConsoleSession(tx: ScopedTx, idHash: string): Promise<void> {
  await tx.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute();
}

/** Sessions unused since `before`: gone, whoever held them. */
export async function deleteIdleConsoleSessions(tx: ScopedTx, before: Date): Promise<number> {
  const result = await tx.deleteFrom('console_sessions').where('last_seen_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every console session of one account (its password changed or was reset): they end at once. */
export async function deleteConsoleSessionsOf(tx: ScopedTx, accountId: string): Promise<number> {
  const result = await tx.deleteFrom('console_sessions').where(sql<string>`claims->>'sub'`, '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
