import { sql } from 'kysely';
import type { ScopedTx } from '../scope';

/** How many users of the scoped agency are active (not disabled). */
export async function countActiveUsers(tx: ScopedTx): Promise<number> {
  const row = await tx.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  return row.n;
}
