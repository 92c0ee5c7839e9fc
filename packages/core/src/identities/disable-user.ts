import { PonteError, type User } from '@ponte/contracts';
import { disableUser as disableUserRow, findUser } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { notFound } from '../util';
import { inOwnAgency } from './agency-scope';
import { toUser } from './identity-view';

/** An agency administrator disables a user; their tokens stop working on their next request. */
export async function disableUser({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<User> {
  return inOwnAgency(ctx, async (tx, agency) => {
    const row = await findUser(tx, input.id);
    if (!row) throw notFound('user', 'Utilizador inexistente');
    ensureCan(ctx.ability, 'disable', 'User', { agencyId: row.agency_id, id: row.id });
    if (row.id === ctx.principal.id)
      throw new PonteError('conflict', { en: 'You cannot disable your own account', pt: 'Não pode desativar a sua própria conta' });
    const disabled = await disableUserRow(tx, row.id);
    ctx.logger.info({ userId: row.id, event: 'user.disabled' }, 'user disabled');
    return toUser(disabled!, agency.slug);
  });
}
