import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { UserRole } from '@ponte/contracts';
import type { UserRow } from '../schema';

/** A user as the application reads one: everything but the password hash, which it may not read. */
const ACCOUNT = ['agency_id', 'id', 'username', 'display_name', 'roles', 'team', 'status', 'created_at', 'updated_at', 'disabled_at', 'totp_enabled_at'] as const;
export type UserAccount = Pick<UserRow, (typeof ACCOUNT)[number]>;

export function insertUser(
  tx: ScopedTx,
  user: {
    agency_id: string;
    username: string;
    display_name: string;
    password_hash: string | null;
    roles: UserRole[];
    team?: string | null;
    status?: 'pending' | 'active';
    one_time_code_hash?: string;
    one_time_code_expires_at?: Date;
    demo_password?: boolean;
  },
): Promise<UserAccount> {
  return tx.insertInto('users').values(user).returning(ACCOUNT).executeTakeFirstOrThrow();
}

export function findUserByUsername(tx: ScopedTx, username: string): Promise<UserAccount | undefined> {
  return tx.selectFrom('users').select(ACCOUNT).where('username', '=', username).executeTakeFirst();
}


export function findUser(tx: ScopedTx, id: string): Promise<UserAccount | undefined> {
  return tx.selectFrom('users').select(ACCOUNT).where('id', '=', id).executeTakeFirst();
}

/** Users of the scoped agency, ordered by username, after `afterUsername` when given. */
export function listUsers(tx: ScopedTx, page: { limit: number; afterUsername?: string | undefined }): Promise<UserAccount[]> {
  let query = tx.selectFrom('users').select(ACCOUNT).orderBy('username').limit(page.limit);
  if (page.afterUsername) query = query.where('username', '>', page.afterUsername);
  return query.execute();
}

export function disableUser(tx: ScopedTx, id: string): Promise<UserAccount | undefined> {
  return tx
    .updateTable('users')
    .set({ status: 'disabled', disabled_at: sql`coalesce(disabled_at, now())`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returning(ACCOUNT)
    .executeTakeFirst();
}

/**
 * The names of these actors (users by display name, API clients by name) that belong to the
 * scoped agency; another agency's actors are not its to name and are left out.
 */
export async function findActorNames(tx: ScopedTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return actorNamesOf(await actorNamesQuery(tx, ids).execute());
}

/** The statement behind {@link findActorNames} (at least one id). */
export function actorNamesQuery(tx: ScopedTx, ids: readonly string[]) {
  return tx
    .selectFrom('users')
    .select(['id', 'display_name as name'])
    .where('id', 'in', ids)
    .unionAll((db) => db.selectFrom('api_clients').select(['id', 'name']).where('id', 'in', ids));
}

/** The rows of {@link actorNamesQuery} by id. */
export function actorNamesOf(rows: ReadonlyArray<{ id: string; name: string }>): Map<string, string> {
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** How many users of the scoped agency are active (not disabled). */
export async function countActiveUsers(tx: ScopedTx): Promise<number> {
  const row = await tx.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  return row.n;
}

/** How many administrators of the scoped agency are not disabled (active, or waiting to activate). */
export async function countAdministrators(tx: ScopedTx): Promise<number> {
  const row = await tx
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('status', '<>', 'disabled')
    .where(sql<boolean>`'agency_admin' = any(roles)`)
    .executeTakeFirstOrThrow();
  return row.n;
}
