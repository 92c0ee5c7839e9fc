import { PonteError, type IssuedApiClient, type RotateApiClientSecret } from '@ponte/contracts';
import { generateSecret, hashSecret } from '@ponte/auth';
import { findApiClient, rotateApiClientSecret as rotateSecret } from '@ponte/db';
import { ensureCan } from '@ponte/policy';
import type { Context } from '../context';
import { actorOf, recordAccountEvent } from '../accounts/sign-in';
import { accountChecked } from '../scope';
import { notFound } from '../util';
import { inOwnAgency } from './agency-scope';
import { toApiClient } from './identity-view';

/**
 * An agency administrator gives an API client a new secret, shown once. The old one keeps working
 * for the overlap asked (so the agency's systems change over without an outage), then stops.
 */
export async function rotateApiClientSecret({ ctx, input }: { ctx: Context; input: { id: string; rotation: RotateApiClientSecret } }): Promise<IssuedApiClient> {
  // Checked before the slow hash, so a caller who may not rotate cannot make the hub spend it.
  await accountChecked(ctx);
  const secret = generateSecret();
  const secretHash = await hashSecret(secret);
  const previousUntil = new Date(ctx.now().getTime() + input.rotation.overlapHours * 3_600_000);
  return inOwnAgency(ctx, async (tx, agency) => {
    const row = await findApiClient(tx, input.id);
    if (!row) throw notFound('API client', 'Cliente de API inexistente');
    ensureCan(ctx.ability, 'rotate_secret', 'ApiClient', { agencyId: row.agency_id, id: row.id });
    if (!(await rotateSecret(tx, row.id, { secretHash, previousUntil })))
      throw new PonteError('conflict', { en: 'A revoked client gets no new secret', pt: 'Um cliente revogado não recebe novo segredo' });
    await recordAccountEvent(tx, ctx, { agency }, row.id, { resource: 'ApiClient', action: 'rotate_secret', rule: 'ApiClient.rotate_secret' }, actorOf(ctx));
    ctx.logger.info({ apiClientId: row.id, event: 'api_client.secret_rotated', overlapHours: input.rotation.overlapHours }, 'API client secret rotated');
    return { ...toApiClient({ ...row, previous_secret_expires_at: previousUntil }, agency.slug), clientSecret: secret };
  });
}
