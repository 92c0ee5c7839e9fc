import type { ScopedTx } from '../scope';
import type { OperatorRow } from '../schema';

/** A hub operator without the password hash. */
export type OperatorAccount = Omit<OperatorRow, 'password_hash'>;
const ACCOUNT = ['id', 'username', 'display_name', 'status', 'created_at', 'disabled_at'] as const;

export function insertOperator(tx: ScopedTx, operator: { username: string; display_name: string; password_hash: string }): Promise<OperatorAccount> {
  return tx.insertInto('operators').values(operator).returning(ACCOUNT).executeTakeFirstOrThrow();
}

/** The operator with the password hash, for the password grant: the authenticator's alone. */
export function findOperatorCredentials(tx: ScopedTx, username: string): Promise<OperatorRow | undefined> {
  return tx.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findOperator(tx: ScopedTx, id: string): Promise<OperatorAccount | undefined> {
  return tx.selectFrom('operators').select(ACCOUNT).where('id', '=', id).executeTakeFirst();
}
