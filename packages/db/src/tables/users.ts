import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { UserRow } from '../schema';

export function insertUser(
  tx: ScopedTx,
  user: { agency_id: string; username: string; display_name: string; password_hash: string; roles: string[]; team?: string | null },
): Promise<UserRow> {
  return tx.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function findUserByUsername(tx: ScopedTx, username: string): Promise<UserRow | undefined> {
  return tx.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUser(tx: ScopedTx, id: string): Promise<UserRow | undefined> {
  return tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Users of the scoped agency, ordered by username, after `afterUsername` when given. */
export function listUsers(tx: ScopedTx, page: { limit: number; afterUsername?: string | undefined }): Promise<UserRow[]> {
  let query = tx.selectFrom('users').selectAll().orderBy('username').limit(page.limit);
  if (page.afterUsername) query = query.where('username', '>', page.afterUsername);
  return query.execute();
}

export function disableUser(tx: ScopedTx, id: string): Promise<UserRow | undefined> {
  return tx
    .updateTable('users')
    .set({ status: 'disabled', disabled_at: sql`coalesce(disabled_at, now())`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
