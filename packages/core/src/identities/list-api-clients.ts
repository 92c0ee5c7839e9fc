import { listApiClients as selectApiClients } from '@ponte/db';
import { ensureCanList } from '@ponte/policy';
import type { Context } from '../context';
import { decodeCursor, pageOf } from '../paging';
import { inOwnAgency } from './agency-scope';
import { toApiClient } from './identity-view';

export async function listApiClients({ ctx, input }: { ctx: Context; input: { limit: number; cursor?: string | undefined } }) {
  const after = decodeCursor(input.cursor, ['clientId'] as const);
  return inOwnAgency(ctx, async (tx, agency) => {
    ensureCanList(ctx.ability, 'ApiClient', { agencyId: agency.id, id: '' });
    const rows = await selectApiClients(tx, { limit: input.limit, afterClientId: after?.clientId });
    return pageOf(rows, input.limit, (row) => toApiClient(row, agency.slug), (row) => ({ clientId: row.client_id }));
  });
}
