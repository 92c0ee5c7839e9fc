import { fieldError, PonteError, type CreateAgencyAdministrator, type IssuedOneTimeCode, type ResetUser } from '@ponte/contracts';
import {
  countAdministrators,
  countAgencies,
  countDemoPasswords,
  countOperators,
  deleteConsoleSessionsOf,
  findAgencyBySlug,
  findUser,
  findUserByUsername,
  insertOperator,
  insertUser,
  isUniqueViolation,
  listAgencies,
  lockSigningKeys,
  setOneTimeCode,
  withoutTenant,
  withTenant,
  type Database,
} from '@ponte/db';
import { ensureCan, ensureCanCreate } from '@ponte/policy';
import type { Kysely } from 'kysely';
import type { Context } from '../context';
import { inOwnAgency } from '../identities/agency-scope';
import { toUser } from '../identities/identity-view';
import { accountChecked, inPrincipalScope } from '../scope';
import { notFound } from '../util';
import { hashCode, newOneTimeCode } from './account-secrets';
import { actorOf, recordAccountEvent } from './sign-in';

/** How long a one-time code lasts: long enough to reach a person in the field, short enough not to linger. */
export const ONE_TIME_CODE_HOURS = 72;

const codeExpiry = (now: Date) => new Date(now.getTime() + ONE_TIME_CODE_HOURS * 3_600_000);
export const activationUrlOf = (publicUrl: string) => `${publicUrl}/console/activate`;

/**
 * The hub operator makes an agency's first administrator: a pending account and a one-time code,
 * shown once, with which the administrator sets their own password. The operator never knows it,
 * and may not add another once the agency has one (pending or active).
 */
export async function createAgencyAdministrator({ ctx, input }: { ctx: Context; input: { slug: string; administrator: CreateAgencyAdministrator } }): Promise<IssuedOneTimeCode> {
  await accountChecked(ctx);
  ensureCanCreate(ctx.ability, 'User', { agencyId: '', id: '', roles: ['agency_admin'] });
  const agency = await withoutTenant(ctx.db, 'hub', (tx) => findAgencyBySlug(tx, input.slug));
  if (!agency) throw notFound(`agency '${input.slug}'`, `Agência '${input.slug}' inexistente`, 'Agency.read');
  const { code, hash } = newOneTimeCode();
  const expiresAt = codeExpiry(ctx.now());
  try {
    return await inPrincipalScope(
      ctx,
      async (tx) => {
        // The operator starts an agency's administration, and no more: once it has an administrator,
        // its own administrators add people (so the operator cannot make itself one of an agency's).
        if ((await countAdministrators(tx)) > 0)
          throw new PonteError(
            'conflict',
            { en: 'The agency has an administrator already: its administrators add people', pt: 'A agência já tem um administrador: são os seus administradores que adicionam pessoas' },
            undefined,
            { rule: 'identity.own_agency' },
          );
        if (await findUserByUsername(tx, input.administrator.username)) throw usernameTaken();
        const row = await insertUser(tx, {
          agency_id: agency.id,
          username: input.administrator.username,
          display_name: input.administrator.displayName,
          password_hash: null,
          roles: ['agency_admin'],
          status: 'pending',
          one_time_code_hash: hash,
          one_time_code_expires_at: expiresAt,
        });
        await recordAccountEvent(tx, ctx, { agency }, row.id, { action: 'create', rule: 'User.create' }, actorOf(ctx));
        ctx.logger.info({ event: 'user.created', userId: row.id, agencyId: agency.id }, 'agency administrator created, awaiting activation');
        return { user: toUser(row, agency.slug), oneTimeCode: code, expiresAt: expiresAt.toISOString(), activationUrl: activationUrlOf(ctx.settings.publicUrl) };
      },
      { operatorAgencyId: agency.id },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw usernameTaken();
    throw error;
  }
}

/**
 * An agency administrator resets a user who lost their password (or phone): the password stops
 * working at once and a one-time code, shown once, lets the person set a new one.
 */
export async function resetUser({ ctx, input }: { ctx: Context; input: { id: string; reset: ResetUser } }): Promise<IssuedOneTimeCode> {
  const { code, hash } = newOneTimeCode();
  const expiresAt = codeExpiry(ctx.now());
  const issued = await inOwnAgency(ctx, async (tx, agency) => {
    const row = await findUser(tx, input.id);
    if (!row) throw notFound('user', 'Utilizador inexistente');
    ensureCan(ctx.ability, 'reset', 'User', { agencyId: row.agency_id, id: row.id });
    if (row.status === 'disabled')
      throw new PonteError('conflict', { en: 'A disabled account cannot be reset', pt: 'Uma conta desativada não pode ser reposta' });
    await setOneTimeCode(tx, 'users', row.id, { hash, expiresAt, removeSecondFactor: input.reset.removeSecondFactor });
    await recordAccountEvent(tx, ctx, { agency }, row.id, { action: 'reset', rule: 'User.reset', fields: input.reset.removeSecondFactor ? ['password', 'second_factor'] : ['password'] }, actorOf(ctx));
    ctx.logger.info({ event: 'user.reset', userId: row.id }, 'user reset');
    const after = { ...row, ...(input.reset.removeSecondFactor ? { totp_enabled_at: null } : {}) };
    return { user: toUser(after, agency.slug), oneTimeCode: code, expiresAt: expiresAt.toISOString(), activationUrl: activationUrlOf(ctx.settings.publicUrl) };
  });
  // The person's console sessions end with the password (sessions are the authenticator's to end).
  await withoutTenant(ctx.db, 'authenticator', (tx) => deleteConsoleSessionsOf(tx, issued.user.id));
  return issued;
}

const usernameTaken = () =>
  new PonteError('conflict', { en: 'This username is taken in the agency', pt: 'Este nome de utilizador já existe na agência' }, [
    fieldError('body', ['username'], 'unique', { en: 'already taken', pt: 'já está em uso' }),
  ]);

/** Why `ponte init` will not start this database. */
export class NotAnEmptyHub extends Error {
  constructor(readonly counts: { operators: number; agencies: number }) {
    super(`the database already holds ${counts.operators} hub operator(s) and ${counts.agencies} agency(ies): ponte init only starts an empty hub; nothing was changed`);
    this.name = 'NotAnEmptyHub';
  }
}

/**
 * Starts an empty hub: its first operator, pending, with a one-time code (generated, or the one
 * given) to set a password with. Refuses a database that has operators or agencies already, so
 * running it again changes nothing.
 */
export async function initializeHub(db: Kysely<Database>, operator: { username: string; displayName: string; oneTimeCode?: string | undefined }, now = new Date()) {
  const generated = newOneTimeCode();
  const given = operator.oneTimeCode;
  const code = given ?? generated.code;
  const expiresAt = codeExpiry(now);
  return withoutTenant(db, 'system', async (tx) => {
    // The lock the demo seed takes too: two starts never both find the hub empty.
    await lockSigningKeys(tx);
    const counts = { operators: await countOperators(tx), agencies: await countAgencies(tx) };
    if (counts.operators > 0 || counts.agencies > 0) throw new NotAnEmptyHub(counts);
    const row = await insertOperator(tx, {
      username: operator.username,
      display_name: operator.displayName,
      password_hash: null,
      status: 'pending',
      one_time_code_hash: given ? hashCode(given) : generated.hash,
      one_time_code_expires_at: expiresAt,
    });
    return { operatorId: row.id, oneTimeCode: code, expiresAt };
  });
}

/** How many accounts (operators, and users of every agency) still have the demo seeder's password. */
export async function countDemoPasswordAccounts(db: Kysely<Database>): Promise<number> {
  const operators = await withoutTenant(db, 'system', (tx) => countDemoPasswords(tx, 'operators'));
  const agencies = await withoutTenant(db, 'hub', (tx) => listAgencies(tx, { limit: 10_000 }));
  let users = 0;
  for (const agency of agencies) users += await withTenant(db, agency.id, (tx) => countDemoPasswords(tx, 'users'), 'system');
  return operators + users;
}
