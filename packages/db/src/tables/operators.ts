import { sql, type Compilable } from 'kysely';
import type { ScopedTx } from '../scope';
import type { OperatorRow } from '../schema';

/** A hub operator without the password hash. */
const ACCOUNT = ['id', 'username', 'display_name', 'status', 'created_at', 'disabled_at', 'totp_enabled_at'] as const;
export type OperatorAccount = Pick<OperatorRow, (typeof ACCOUNT)[number]>;

/** A new operator: with a password (the demo's), or pending with a one-time code to set one. */
export function insertOperator(
  tx: ScopedTx,
  operator: { username: string; display_name: string; password_hash?: string | null; status?: 'pending' | 'active'; one_time_code_hash?: string; one_time_code_expires_at?: Date; demo_password?: boolean },
): Promise<OperatorAccount> {
  return tx.insertInto('operators').values(operator).returning(ACCOUNT).executeTakeFirstOrThrow();
}


/** The hub operator's account, as every request with an operator's token checks it. */
export function operatorQuery(tx: ScopedTx, id: string): Compilable<OperatorAccount> {
  return tx.selectFrom('operators').select(ACCOUNT).where('id', '=', id);
}

/** How many hub operators there are, in any state. */
export async function countOperators(tx: ScopedTx): Promise<number> {
  const row = await tx.selectFrom('operators').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}
