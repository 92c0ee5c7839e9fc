import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  fieldError,
  PonteError,
  type ActivateAccount,
  type BeginSecondFactor,
  type ChangePassword,
  type ConfirmSecondFactor,
  type RecoveryCodes,
  type SecondFactorEnrolment,
} from '@ponte/contracts';
import { hashSecret } from '@ponte/auth';
import { deleteConsoleSessionsOf, enableSecondFactor, setPassword, setPendingSecondFactor, type Credentials } from '@ponte/db';
import type { AnonymousContext } from '../context';
import { hashCode, newRecoveryCodes, newTotpSecret, refuseWeakPassword, sealerOf, totpContext, totpOf, totpStep } from './account-secrets';
import { findAccount, recordAccountEvent, signIn, wrongCredentials, type FoundAccount } from './sign-in';

/**
 * What a person does to their own account, proving who they are in the request itself (a
 * one-time code, or their password): so a person who may not sign in yet (a new account, a forced
 * change, a second factor their agency requires) can still do what lets them.
 */

const sameHash = (a: string, b: string | null | undefined) => b != null && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const wrongCode = () =>
  wrongCredentials({ en: 'The code is wrong, was already used or the account does not exist', pt: 'O código está errado, já foi usado ou a conta não existe' }, [
    fieldError('body', ['code'], 'invalid', { en: 'not a valid one-time code for this account', pt: 'não é um código de uso único válido para esta conta' }),
  ]);

/** Sets the password of a new or reset account with its one-time code; the code is then spent. */
export async function activateAccount({ ctx, input }: { ctx: AnonymousContext; input: ActivateAccount }): Promise<{ status: 'active' }> {
  const found = await findAccount(ctx, input);
  const account = found.credentials;
  if (!account || account.status === 'disabled' || (found.agency && found.agency.status !== 'active') || !sameHash(hashCode(input.code), account.one_time_code_hash))
    throw wrongCode();
  if (!account.one_time_code_expires_at || account.one_time_code_expires_at <= ctx.now())
    throw wrongCredentials({ en: 'The one-time code has expired: ask your administrator for a new one', pt: 'O código de uso único expirou: peça um novo ao seu administrador' }, [
      fieldError('body', ['code'], 'expired', { en: 'expired', pt: 'expirou' }),
    ]);
  await setOwnPassword(ctx, found, account, input.newPassword, 'activate');
  return { status: 'active' };
}

/** The person changes their own password, with the current one (and their code, if they have a second factor). */
export async function changePassword({ ctx, input }: { ctx: AnonymousContext; input: ChangePassword }): Promise<{ status: 'changed' }> {
  const { found } = await signIn(ctx, input, input.currentPassword, { otp: input.otp, allowWithoutRequiredSecondFactor: true });
  const account = found.credentials;
  if (input.newPassword === input.currentPassword)
    throw new PonteError('invalid_request', { en: 'Choose a password you have not used here', pt: 'Escolha uma palavra-passe que ainda não usou aqui' }, [
      fieldError('body', ['newPassword'], 'reused', { en: 'is the current password', pt: 'é a palavra-passe atual' }),
    ]);
  await setOwnPassword(ctx, found, account, input.newPassword, 'change_password');
  return { status: 'changed' };
}

/** The person's new password, if strong enough: set, and kept in the access log as what they did. */
async function setOwnPassword(ctx: AnonymousContext, found: FoundAccount, account: Credentials, newPassword: string, action: 'activate' | 'change_password'): Promise<void> {
  refuseWeakPassword(newPassword, { username: account.username, displayName: account.display_name });
  const passwordHash = await hashSecret(newPassword);
  await found.inScope(async (tx) => {
    await setPassword(tx, found.table, account.id, passwordHash);
    // Sessions opened with the old password end with it.
    await deleteConsoleSessionsOf(tx, account.id);
    await recordAccountEvent(tx, ctx, found, account.id, { action, rule: `Account.${action}` });
  });
  ctx.logger.info({ event: `account.${action}`, accountId: account.id }, action === 'activate' ? 'account activated' : 'password changed');
}

const ENROLMENT_MINUTES = 10;

/**
 * Starts enrolling a TOTP second factor: a new secret waits, with a ticket, until a first code
 * from the person's app confirms it. An account that has one must have it removed by a reset first.
 */
export async function beginSecondFactor({ ctx, input }: { ctx: AnonymousContext; input: BeginSecondFactor }): Promise<SecondFactorEnrolment> {
  const { found } = await signIn(ctx, input, input.password, { allowWithoutRequiredSecondFactor: true, withoutSecondFactor: true });
  const account = found.credentials;
  if (account.totp_enabled_at)
    throw new PonteError('conflict', {
      en: 'This account already has a second factor; an administrator’s reset removes it',
      pt: 'Esta conta já tem um segundo fator; uma reposição pelo administrador remove-o',
    });
  const secret = newTotpSecret();
  const ticket = randomBytes(24).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + ENROLMENT_MINUTES * 60_000);
  const sealed = sealerOf(ctx).sealSecret(totpContext(found.table, account.id), secret);
  await found.inScope((tx) => setPendingSecondFactor(tx, found.table, account.id, { secret: sealed, ticketHash: hashCode(ticket), expiresAt }));
  const label = input.agency ? `${input.agency}:${input.username}` : input.username;
  return { ticket, secret, otpauthUri: totpOf(secret, label).toString(), expiresAt: expiresAt.toISOString() };
}

/** A first code from the person's app confirms the enrolment; the recovery codes are shown once. */
export async function confirmSecondFactor({ ctx, input }: { ctx: AnonymousContext; input: ConfirmSecondFactor }): Promise<RecoveryCodes> {
  const found = await findAccount(ctx, input);
  const account = found.credentials;
  const now = ctx.now();
  const pending =
    account?.status === 'active' &&
    account.totp_pending_secret &&
    account.totp_pending_expires_at &&
    account.totp_pending_expires_at > now &&
    sameHash(hashCode(input.ticket), account.totp_pending_ticket_hash);
  if (!account || !pending)
    throw wrongCredentials({ en: 'The enrolment has expired or is not this account’s: start again', pt: 'O registo expirou ou não é desta conta: comece de novo' }, [
      fieldError('body', ['ticket'], 'invalid', { en: 'not a current enrolment', pt: 'não é um registo em curso' }),
    ]);
  const step = totpStep(sealerOf(ctx).openSecret(totpContext(found.table, account.id), account.totp_pending_secret!), input.otp, now);
  if (step === undefined)
    throw wrongCredentials({ en: 'The code does not match: check the time on your phone and try the next code', pt: 'O código não corresponde: verifique a hora do telemóvel e tente o código seguinte' }, [
      fieldError('body', ['otp'], 'invalid', { en: 'not a current code of this secret', pt: 'não é um código atual deste segredo' }),
    ]);
  const recovery = newRecoveryCodes();
  const enabled = await found.inScope(async (tx) => {
    const done = await enableSecondFactor(tx, found.table, account.id, { step, recoveryCodeHashes: recovery.hashes });
    if (done) await recordAccountEvent(tx, ctx, found, account.id, { action: 'enrol_second_factor', rule: 'Account.enrol_second_factor' });
    return done;
  });
  if (!enabled) throw new PonteError('conflict', { en: 'The enrolment was confirmed already', pt: 'O registo já foi confirmado' });
  ctx.logger.info({ event: 'account.second_factor_enrolled', accountId: account.id }, 'second factor enrolled');
  return { recoveryCodes: recovery.codes };
}
