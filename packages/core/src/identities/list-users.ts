import { listUsers as selectUsers } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { decodeCursor, pageOf } from '../paging';
import { inOwnAgency } from './agency-scope';
import { toUser } from './identity-view';

/** The agency's users, by username: for its administrators. */
export async function listUsers({ ctx, input }: { ctx: Context; input: { limit: number; cursor?: string | undefined } }) {
  const after = decodeCursor(input.cursor, ['username'] as const);
  return inOwnAgency(ctx, async (tx, agency) => {
    ensureCanList(ctx.ability, 'User', { agencyId: agency.id, id: '' });
    const rows = await selectUsers(tx, { limit: input.limit, afterUsername: after?.username });
    return pageOf(rows, input.limit, (row) => toUser(row, agency.slug), (row) => ({ username: row.username }));
  });
}
