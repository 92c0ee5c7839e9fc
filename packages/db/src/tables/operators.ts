import type { Compilable } from 'kysely';
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

/** The hub operator's account, as every request with an operator's token checks it. */
export function operatorQuery(tx: ScopedTx, id: string): Compilable<OperatorAccount> {
  return tx.selectFrom('operators').select(ACCOUNT).where('id', '=', id);
}
