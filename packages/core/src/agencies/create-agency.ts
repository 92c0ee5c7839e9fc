import { randomUUID } from 'node:crypto';
import { fieldError, PonteError, type Agency, type CreateAgency } from '@ponte/contracts';
import { hashSecret } from '@ponte/auth';
import { findAgencyBySlug, insertAgency, insertUser, isUniqueViolation, replaceServices } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { accountChecked, inPrincipalScope } from '../scope';
import { viewAgencies } from './agency-view';

/** The hub operator adds an agency to the network, with its services and, optionally, its first administrator. */
export async function createAgency({ ctx, input }: { ctx: Context; input: CreateAgency }): Promise<Agency> {
  const id = randomUUID();
  await accountChecked(ctx);
  ensureCanCreate(ctx.ability, 'Agency', { id });
  const passwordHash = input.admin ? await hashSecret(input.admin.password) : undefined;
  try {
    // The new agency is the scope, so its first administrator lands under row-level security like any user.
    return await inPrincipalScope(
      ctx,
      async (tx) => {
        if (await findAgencyBySlug(tx, input.slug)) throw slugTaken();
        const row = await insertAgency(tx, { id, slug: input.slug, name_en: input.name.en, name_pt: input.name.pt, kind: input.kind });
        await replaceServices(tx, id, input.services);
        if (input.admin && passwordHash)
          await insertUser(tx, {
            agency_id: id,
            username: input.admin.username,
            display_name: input.admin.displayName,
            password_hash: passwordHash,
            roles: ['agency_admin'],
          });
        const [agency] = await viewAgencies(tx, [row]);
        ctx.logger.info({ agencyId: id, event: 'agency.created' }, 'agency created');
        return agency!;
      },
      { operatorAgencyId: id },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken();
    throw error;
  }
}

const slugTaken = () =>
  new PonteError('conflict', { en: 'An agency with this slug exists', pt: 'Já existe uma agência com este identificador' }, [
    fieldError('body', ['slug'], 'unique', { en: 'already taken', pt: 'já está em uso' }),
  ]);
