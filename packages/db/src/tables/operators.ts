import type { ScopedTx } from '../scope';
import type { OperatorRow } from '../schema';

export function insertOperator(
  tx: ScopedTx,
  operator: { username: string; display_name: string; password_hash: string },
): Promise<OperatorRow> {
  return tx.insertInto('operators').values(operator).returningAll().executeTakeFirstOrThrow();
}

export function findOperatorByUsername(tx: ScopedTx, username: string): Promise<OperatorRow | undefined> {
  return tx.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findOperator(tx: ScopedTx, id: string): Promise<OperatorRow | undefined> {
  return tx.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
}
