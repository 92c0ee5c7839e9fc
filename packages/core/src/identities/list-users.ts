import { listUsers as selectUsers } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { decodeCursor, pageOf } from '../util';
import { inOwnAgency } from './agency-scope';
import { toUser } from './identity-view';

/** The agency's users, by username: for its administrators. */
export async function listUsers({ ctx, input }: { ctx: Context; input: { limit: number; cursor?: string | undefined } }) {
  const after = decodeCursor(input.cursor, ['username'] as const);
  return inOwnAgency(ctx, async (tx, agency) => {
    // Listing is reading every user of the agency: checked against a user who is not the caller.
    ensureCan(ctx.ability, 'read', 'User', { agencyId: agency.id, id: '' });
    const rows = await selectUsers(tx, { limit: input.limit, afterUsername: after?.username });
    return pageOf(rows, input.limit, (row) => toUser(row, agency.slug), (row) => ({ username: row.username }));
  });
}
