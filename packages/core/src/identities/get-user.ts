import type { User } from '@ponte/contracts';
import { findUser } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { notFound } from '../util';
import { inOwnAgency } from './agency-scope';
import { toUser } from './identity-view';

export async function getUser({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<User> {
  return inOwnAgency(ctx, async (tx, agency) => {
    const row = await findUser(tx, input.id);
    if (!row) throw notFound('user', 'Utilizador inexistente');
    ensureCan(ctx.ability, 'read', 'User', { agencyId: row.agency_id, id: row.id });
    return toUser(row, agency.slug);
  });
}
