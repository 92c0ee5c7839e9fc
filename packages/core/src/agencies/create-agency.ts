import { randomUUID } from 'node:crypto';
import { fieldError, PonteError, type Agency, type CreateAgency } from '@ponte/contracts';
import { findAgencyBySlug, insertAgency, isUniqueViolation, replaceServices } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { accountChecked, inPrincipalScope } from '../scope';
import { viewAgencies } from './agency-view';

/** The hub operator adds an agency to the network, with its services; its first administrator comes next (`createAgencyAdministrator`). */
export async function createAgency({ ctx, input }: { ctx: Context; input: CreateAgency }): Promise<Agency> {
  const id = randomUUID();
  await accountChecked(ctx);
  ensureCanCreate(ctx.ability, 'Agency', { id });
  try {
    // The new agency is the scope, so its first administrator lands under row-level security like any user.
    return await inPrincipalScope(
      ctx,
      async (tx) => {
        if (await findAgencyBySlug(tx, input.slug)) throw slugTaken();
        const row = await insertAgency(tx, { id, slug: input.slug, name_en: input.name.en, name_pt: input.name.pt, kind: input.kind, second_factor_roles: input.secondFactorRoles });
        await replaceServices(tx, id, input.services);
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
