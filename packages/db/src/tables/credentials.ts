import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { UserRow } from '../schema';

/**
 * The credentials of a person's account: an agency's user (`users`, in the agency's scope) or a hub
 * operator (`operators`). Both tables carry the same credential columns, so one set of statements
 * serves both. Read and written as the authenticator, or by the account's own administrators.
 */
export type AccountTable = 'users' | 'operators';

/** What signing in and managing an account needs, in either table. */
export type Credentials = Pick<
  UserRow,
  | 'id'
  | 'username'
  | 'display_name'
  | 'status'
  | 'password_hash'
  | 'one_time_code_hash'
  | 'one_time_code_expires_at'
  | 'failed_sign_ins'
  | 'locked_until'
  | 'totp_secret'
  | 'totp_enabled_at'
  | 'totp_last_step'
  | 'totp_pending_secret'
  | 'totp_pending_ticket_hash'
  | 'totp_pending_expires_at'
  | 'recovery_code_hashes'
  | 'demo_password'
> & { roles: string[]; agency_id: string | null };

const COLUMNS = [
  'id',
  'username',
  'display_name',
  'status',
  'password_hash',
  'one_time_code_hash',
  'one_time_code_expires_at',
  'failed_sign_ins',
  'locked_until',
  'totp_secret',
  'totp_enabled_at',
  'totp_last_step',
  'totp_pending_secret',
  'totp_pending_ticket_hash',
  'totp_pending_expires_at',
  'recovery_code_hashes',
  'demo_password',
] as const;

// The two tables share these columns; kysely is told it writes `users`, the statement names either.
const table = (name: AccountTable) => name as 'users';

export async function findCredentials(tx: ScopedTx, account: AccountTable, by: { username: string } | { id: string }): Promise<Credentials | undefined> {
  const operator = account === 'operators';
  let query = tx
    .selectFrom(table(account))
    .select(COLUMNS)
    .select([operator ? sql<string[]>`array['hub_operator']`.as('roles') : sql<string[]>`roles`.as('roles'), operator ? sql<null>`null::uuid`.as('agency_id') : sql<string>`agency_id`.as('agency_id')]);
  query = 'id' in by ? query.where('id', '=', by.id) : query.where('username', '=', by.username);
  return (await query.executeTakeFirst()) as Credentials | undefined;
}

/**
 * Counts a failed sign-in; from the `threshold`th in a row the account is locked for `baseSeconds`,
 * doubling with each further failure up to `maxSeconds`. One statement, so concurrent failures on
 * several hubs all count.
 */
export async function recordFailedSignIn(
  tx: ScopedTx,
  account: AccountTable,
  id: string,
  policy: { threshold: number; baseSeconds: number; maxSeconds: number },
): Promise<{ failed_sign_ins: number; locked_until: Date | null }> {
  const failures = sql<number>`failed_sign_ins + 1`;
  return tx
    .updateTable(table(account))
    .set({
      failed_sign_ins: failures,
      locked_until: sql`case when ${failures} >= ${policy.threshold}
        then now() + least(${policy.maxSeconds}::float8, ${policy.baseSeconds}::float8 * power(2, ${failures} - ${policy.threshold})) * interval '1 second'
        else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['failed_sign_ins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

/** A successful sign-in clears the count of failures. */
export async function clearFailedSignIns(tx: ScopedTx, account: AccountTable, id: string): Promise<void> {
  await tx.updateTable(table(account)).set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', id).where('failed_sign_ins', '>', 0).execute();
}

/** The person's own new password: the account becomes active, its one-time code is spent. */
export async function setPassword(tx: ScopedTx, account: AccountTable, id: string, passwordHash: string): Promise<void> {
  await tx
    .updateTable(table(account))
    .set({
      password_hash: passwordHash,
      status: sql`case when status = 'pending' then 'active' else status end`,
      one_time_code_hash: null,
      one_time_code_expires_at: null,
      demo_password: false,
      password_changed_at: sql`now()`,
      failed_sign_ins: 0,
      locked_until: null,
      ...(account === 'users' ? { updated_at: sql`now()` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * A one-time code with which the person sets their own password. A reset also removes the
 * password (and, if asked, the second factor), so nothing but the code opens the account.
 */
export async function setOneTimeCode(
  tx: ScopedTx,
  account: AccountTable,
  id: string,
  code: { hash: string; expiresAt: Date; removeSecondFactor: boolean },
): Promise<void> {
  await tx
    .updateTable(table(account))
    .set({
      one_time_code_hash: code.hash,
      one_time_code_expires_at: code.expiresAt,
      password_hash: null,
      failed_sign_ins: 0,
      locked_until: null,
      ...(code.removeSecondFactor ? SECOND_FACTOR_REMOVED : {}),
    })
    .where('id', '=', id)
    .execute();
}

const SECOND_FACTOR_REMOVED = {
  totp_secret: null,
  totp_enabled_at: null,
  totp_last_step: null,
  totp_pending_secret: null,
  totp_pending_ticket_hash: null,
  totp_pending_expires_at: null,
  recovery_code_hashes: sql<string[]>`'{}'::text[]`,
} as const;

/** A second factor being enrolled: its secret waits, with the ticket that confirms it, until confirmed. */
export async function setPendingSecondFactor(tx: ScopedTx, account: AccountTable, id: string, pending: { secret: string; ticketHash: string; expiresAt: Date }): Promise<void> {
  await tx
    .updateTable(table(account))
    .set({ totp_pending_secret: pending.secret, totp_pending_ticket_hash: pending.ticketHash, totp_pending_expires_at: pending.expiresAt })
    .where('id', '=', id)
    .execute();
}

/** The pending secret becomes the account's second factor, with its first step used and its recovery codes. */
export async function enableSecondFactor(tx: ScopedTx, account: AccountTable, id: string, enabled: { step: number; recoveryCodeHashes: string[] }): Promise<boolean> {
  const rows = await tx
    .updateTable(table(account))
    .set({
      totp_secret: sql`totp_pending_secret`,
      totp_enabled_at: sql`now()`,
      totp_last_step: enabled.step,
      totp_pending_secret: null,
      totp_pending_ticket_hash: null,
      totp_pending_expires_at: null,
      recovery_code_hashes: enabled.recoveryCodeHashes,
    })
    .where('id', '=', id)
    .where('totp_pending_secret', 'is not', null)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** Takes a TOTP time step; false when it (or a later one) was already used: a code counts once. */
export async function takeTotpStep(tx: ScopedTx, account: AccountTable, id: string, step: number): Promise<boolean> {
  const rows = await tx
    .updateTable(table(account))
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** Spends a recovery code; false when it is not one of the account's unspent codes. */
export async function spendRecoveryCode(tx: ScopedTx, account: AccountTable, id: string, codeHash: string): Promise<boolean> {
  const rows = await tx
    .updateTable(table(account))
    .set({ recovery_code_hashes: sql`array_remove(recovery_code_hashes, ${codeHash})` })
    .where('id', '=', id)
    .where(sql<boolean>`${codeHash} = any(recovery_code_hashes)`)
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** How many accounts in scope still have the demo seeder's password. */
export async function countDemoPasswords(tx: ScopedTx, account: AccountTable): Promise<number> {
  const row = await tx
    .selectFrom(table(account))
    .select(sql<number>`count(*)::int`.as('n'))
    .where('demo_password', '=', true)
    .where('status', '<>', 'disabled')
    .executeTakeFirstOrThrow();
  return row.n;
}
