import { fieldError, PonteError, type CreateUser, type User } from '@ponte/contracts';
import { hashSecret } from '@ponte/auth';
import { findUserByUsername, insertUser, isUniqueViolation } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { accountChecked } from '../scope';
import { inOwnAgency } from './agency-scope';
import { toUser } from './identity-view';

/** An agency administrator adds a person to the agency, with their roles. */
export async function createUser({ ctx, input }: { ctx: Context; input: CreateUser }): Promise<User> {
  // Checked before the slow hash, so a caller who may not create users cannot make the hub spend it.
  await accountChecked(ctx);
  ensureCanCreate(ctx.ability, 'User', { agencyId: ctx.principal.agencyId ?? '', id: '' });
  const passwordHash = await hashSecret(input.password);
  try {
    return await inOwnAgency(ctx, async (tx, agency) => {
      if (await findUserByUsername(tx, input.username)) throw usernameTaken();
      const row = await insertUser(tx, {
        agency_id: agency.id,
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        roles: input.roles,
      });
      ctx.logger.info({ userId: row.id, event: 'user.created' }, 'user created');
      return toUser(row, agency.slug);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken();
    throw error;
  }
}

const usernameTaken = () =>
  new PonteError('conflict', { en: 'This username is taken in your agency', pt: 'Este nome de utilizador já existe na sua agência' }, [
    fieldError('body', ['username'], 'unique', { en: 'already taken', pt: 'já está em uso' }),
  ]);
