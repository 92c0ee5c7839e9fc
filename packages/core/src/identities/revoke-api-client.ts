import type { ApiClient } from '@ponte/contracts';
import { findApiClient, revokeApiClient as revokeApiClientRow } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { notFound } from '../util';
import { inOwnAgency } from './agency-scope';
import { toApiClient } from './identity-view';

/** An agency administrator revokes an API client; its tokens stop working on their next request. */
export async function revokeApiClient({ ctx, input }: { ctx: Context; input: { id: string } }): Promise<ApiClient> {
  return inOwnAgency(ctx, async (tx, agency) => {
    const row = await findApiClient(tx, input.id);
    if (!row) throw notFound('API client', 'Cliente de API inexistente');
    ensureCan(ctx.ability, 'revoke', 'ApiClient', { agencyId: row.agency_id, id: row.id });
    const revoked = await revokeApiClientRow(tx, row.id);
    ctx.logger.info({ apiClientId: row.id, event: 'api_client.revoked' }, 'API client revoked');
    return toApiClient(revoked!, agency.slug);
  });
}
