import { randomBytes } from 'node:crypto';
import type { ApiClient, CreateApiClient } from '@ponte/contracts';
import { generateSecret, hashSecret } from '@ponte/auth';
import { insertApiClient } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { accountChecked } from '../scope';
import { inOwnAgency } from './agency-scope';
import { toApiClient } from './identity-view';

/**
 * An agency administrator registers a machine identity for the agency's systems. The secret
 * is returned once; the hub keeps only its slow hash.
 */
export async function createApiClient({
  ctx,
  input,
}: {
  ctx: Context;
  input: CreateApiClient;
}): Promise<ApiClient & { clientSecret: string }> {
  await accountChecked(ctx);
  ensureCanCreate(ctx.ability, 'ApiClient', { agencyId: ctx.principal.agencyId ?? '', id: '' });
  const secret = generateSecret();
  const secretHash = await hashSecret(secret);
  return inOwnAgency(ctx, async (tx, agency) => {
    const row = await insertApiClient(tx, {
      agency_id: agency.id,
      client_id: clientIdFor(agency.slug),
      name: input.name,
      secret_hash: secretHash,
      roles: input.roles,
    });
    ctx.logger.info({ apiClientId: row.id, event: 'api_client.created' }, 'API client created');
    return { ...toApiClient(row, agency.slug), clientSecret: secret };
  });
}

/** `<agency slug>.<random>`: the agency part routes the token request to the right tenant. */
export function clientIdFor(agencySlug: string): string {
  return `${agencySlug}.${randomBytes(9).toString('base64url')}`;
}
