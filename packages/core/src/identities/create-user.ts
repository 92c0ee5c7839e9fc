import { fieldError, PonteError, type CreateUser, type CreatedUser } from '@ponte/contracts';
import { hashSecret } from '@ponte/auth';
import { findUserByUsername, insertUser, isUniqueViolation } from '@ponte/db';
import { ensureCanCreate } from '@ponte/policy';
import type { Context } from '../context';
import { accountChecked } from '../scope';
import { inOwnAgency } from './agency-scope';
import { toUser } from './identity-view';
import { newOneTimeCode, refuseWeakPassword } from '../accounts/account-secrets';
import { ONE_TIME_CODE_HOURS } from '../accounts/administer-accounts';
import { actorOf, recordAccountEvent } from '../accounts/sign-in';

/**
 * An agency administrator adds a person to the agency, with their roles: with a password, or
 * (better: the administrator never knows it) pending, with a one-time code shown once.
 */
export async function createUser({ ctx, input }: { ctx: Context; input: CreateUser }): Promise<CreatedUser> {
  // Checked before the slow hash, so a caller who may not create users cannot make the hub spend it.
  await accountChecked(ctx);
  ensureCanCreate(ctx.ability, 'User', { agencyId: ctx.principal.agencyId ?? '', id: '' });
  if (input.password !== undefined) refuseWeakPassword(input.password, input);
  const passwordHash = input.password === undefined ? null : await hashSecret(input.password);
  const oneTime = passwordHash === null ? { ...newOneTimeCode(), expiresAt: new Date(ctx.now().getTime() + ONE_TIME_CODE_HOURS * 3_600_000) } : undefined;
  try {
    return await inOwnAgency(ctx, async (tx, agency) => {
      if (await findUserByUsername(tx, input.username)) throw usernameTaken();
      const row = await insertUser(tx, {
        agency_id: agency.id,
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        roles: input.roles,
        ...(oneTime ? { status: 'pending' as const, one_time_code_hash: oneTime.hash, one_time_code_expires_at: oneTime.expiresAt } : {}),
      });
      await recordAccountEvent(tx, ctx, { agency }, row.id, { action: 'create', rule: 'User.create' }, actorOf(ctx));
      ctx.logger.info({ userId: row.id, event: 'user.created' }, 'user created');
      return { ...toUser(row, agency.slug), ...(oneTime ? { oneTimeCode: oneTime.code, oneTimeCodeExpiresAt: oneTime.expiresAt.toISOString() } : {}) };
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
