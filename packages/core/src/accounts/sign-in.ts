import { AccessLog, countAccessEvents, type AccessRecord } from '@ponte/audit';
import { fieldError, PonteError, type Bilingual, type FieldError } from '@ponte/contracts';
import { verifySecret } from '@ponte/auth';
import {
  clearFailedSignIns,
  findAgencyBySlug,
  findCredentials,
  insertAccessEvents,
  recordFailedSignIn,
  spendRecoveryCode,
  takeTotpStep,
  withoutTenant,
  withTenant,
  type AccountTable,
  type AgencyRow,
  type Credentials,
  type ScopedTx,
} from '@ponte/db';
import type { AnonymousContext } from '../context';
import { hashCode, sealerOf, totpContext, totpStep } from './account-secrets';

/** Who is signing in: an agency's user (with the agency's slug) or a hub operator (without). */
export interface AccountName {
  agency?: string | undefined;
  username: string;
}

/**
 * Failed sign-ins per account: from the fifth in a row the account waits a minute, then twice as
 * long with each further failure, up to an hour (OWASP ASVS 2.2.1). Held in the database, so every
 * hub counts the same failures; a success clears them.
 */
export const LOCKOUT = { threshold: 5, baseSeconds: 60, maxSeconds: 3600 } as const;

/** An account found by its name, in the scope that may read and write its credentials. */
export interface FoundAccount {
  table: AccountTable;
  agency: AgencyRow | undefined;
  credentials: Credentials | undefined;
  /** A unit of work in the account's scope, as the authenticator. */
  inScope: <T>(work: (tx: ScopedTx) => Promise<T>) => Promise<T>;
}

export async function findAccount(ctx: AnonymousContext, name: AccountName): Promise<FoundAccount> {
  if (name.agency === undefined) {
    const inScope = <T>(work: (tx: ScopedTx) => Promise<T>) => withoutTenant(ctx.db, 'authenticator', work);
    return { table: 'operators', agency: undefined, credentials: await inScope((tx) => findCredentials(tx, 'operators', { username: name.username })), inScope };
  }
  const slug = name.agency;
  const agency = await withoutTenant(ctx.db, 'hub', (tx) => findAgencyBySlug(tx, slug));
  if (!agency) return { table: 'users', agency, credentials: undefined, inScope: () => Promise.reject(new Error('no agency')) };
  const inScope = <T>(work: (tx: ScopedTx) => Promise<T>) => withTenant(ctx.db, agency.id, work, 'authenticator');
  return { table: 'users', agency, credentials: await inScope((tx) => findCredentials(tx, 'users', { username: name.username })), inScope };
}

const WRONG = {
  en: 'Wrong username or password, or the account is disabled or locked for a while after failed attempts',
  pt: 'Nome de utilizador ou palavra-passe errados, ou conta desativada ou bloqueada por algum tempo após tentativas falhadas',
};

/** The one refusal every failed sign-in gets, so it tells nothing about which accounts exist. */
export const wrongCredentials = (text: Bilingual = WRONG, errors?: FieldError[]) => new PonteError('invalid_grant', text, errors, { error: 'invalid_grant' });

export interface SignInOptions {
  /** A TOTP code or a recovery code, when the account has a second factor. */
  otp?: string | undefined;
  /** Whether an account the agency requires a second factor of may sign in without one (to enrol it). */
  allowWithoutRequiredSecondFactor?: boolean;
  /** For what is refused anyway to an account with a second factor (enrolling another): the password alone. */
  withoutSecondFactor?: boolean;
}

export interface SignedIn {
  found: FoundAccount & { credentials: Credentials };
  /** Whether the agency requires a second factor of this account's roles and it has none yet. */
  secondFactorDue: boolean;
}

/**
 * Checks a person's password (and second factor), counting failures per account. Every refusal
 * before the password is known right looks and costs the same; what the person must still do
 * once it is right (give a code, enrol a second factor) is said.
 */
export async function signIn(ctx: AnonymousContext, name: AccountName, password: string, options: SignInOptions = {}): Promise<SignedIn> {
  const found = await findAccount(ctx, name);
  const { credentials, agency } = found;
  const passwordMatches = await verifySecret(password, credentials?.password_hash ?? undefined);
  const now = ctx.now();
  if (!credentials || credentials.status !== 'active' || (agency && agency.status !== 'active')) throw refused(ctx);
  if (credentials.locked_until && credentials.locked_until > now) throw refused(ctx, 'locked');
  if (!passwordMatches) {
    await countFailure(ctx, found, credentials);
    throw refused(ctx);
  }
  if (credentials.totp_enabled_at && !options.withoutSecondFactor) await checkSecondFactor(ctx, found, credentials, options.otp, now);
  const secondFactorDue = !credentials.totp_enabled_at && (agency ? requiresSecondFactor(agency, credentials.roles) : ctx.operatorSecondFactor === true);
  if (secondFactorDue && !options.allowWithoutRequiredSecondFactor)
    throw new PonteError(
      'invalid_grant',
      {
        en: 'A second factor is required for your role: enrol an authenticator app first (POST /account/second-factor)',
        pt: 'É exigido um segundo fator para a sua função: registe primeiro uma aplicação autenticadora (POST /account/second-factor)',
      },
      [fieldError('body', ['otp'], 'enrolment_required', { en: 'enrol a second factor first', pt: 'registe primeiro um segundo fator' })],
      { error: 'invalid_grant' },
    );
  if (credentials.failed_sign_ins > 0) await found.inScope((tx) => clearFailedSignIns(tx, found.table, credentials.id));
  return { found: found as SignedIn['found'], secondFactorDue };
}

export const requiresSecondFactor = (agency: AgencyRow | undefined, roles: readonly string[]) =>
  agency !== undefined && roles.some((role) => (agency.second_factor_roles as string[]).includes(role));

function refused(ctx: AnonymousContext, why: 'credentials' | 'locked' = 'credentials') {
  ctx.logger.warn({ event: 'sign_in.refused', reason: why }, 'sign-in refused');
  return wrongCredentials();
}

/** A failure counts against the account; the one that locks it is an administrative event. */
async function countFailure(ctx: AnonymousContext, found: FoundAccount, credentials: Credentials): Promise<void> {
  await found.inScope(async (tx) => {
    const after = await recordFailedSignIn(tx, found.table, credentials.id, LOCKOUT);
    if (after.locked_until && after.failed_sign_ins >= LOCKOUT.threshold) {
      ctx.logger.warn({ event: 'account.locked', failures: after.failed_sign_ins }, 'account locked after failed sign-ins');
      await recordAccountEvent(tx, ctx, found, credentials.id, { action: 'lock', rule: 'Account.lock' });
    }
  });
}

async function checkSecondFactor(ctx: AnonymousContext, found: FoundAccount, credentials: Credentials, otp: string | undefined, now: Date): Promise<void> {
  if (!otp)
    throw new PonteError(
      'invalid_grant',
      { en: 'Give the code from your authenticator app (or a recovery code)', pt: 'Indique o código da sua aplicação autenticadora (ou um código de recuperação)' },
      [fieldError('body', ['otp'], 'required', { en: 'a code is required', pt: 'é necessário um código' })],
      { error: 'invalid_grant' },
    );
  const secret = sealerOf(ctx).openSecret(totpContext(found.table, credentials.id), credentials.totp_secret!);
  const step = totpStep(secret, otp.replace(/\s/g, ''), now);
  const accepted =
    step !== undefined
      ? await found.inScope((tx) => takeTotpStep(tx, found.table, credentials.id, step))
      : await found.inScope((tx) => spendRecoveryCode(tx, found.table, credentials.id, hashCode(otp)));
  if (accepted) {
    if (step === undefined) ctx.logger.warn({ event: 'sign_in.recovery_code', accountId: credentials.id }, 'signed in with a recovery code');
    return;
  }
  await countFailure(ctx, found, credentials);
  throw new PonteError(
    'invalid_grant',
    { en: 'The code is wrong or was already used', pt: 'O código está errado ou já foi usado' },
    [fieldError('body', ['otp'], step === undefined ? 'invalid' : 'replayed', step === undefined ? { en: 'not a current code', pt: 'não é um código atual' } : { en: 'already used', pt: 'já foi usado' })],
    { error: 'invalid_grant' },
  );
}

export type AccountEventActor = { kind: 'user' | 'client' | 'hub_operator' | 'system'; id: string };
/** The principal of a request, as the actor of an administrative event. */
export const actorOf = (ctx: { principal: { kind: AccountEventActor['kind']; id: string } }): AccountEventActor => ({ kind: ctx.principal.kind, id: ctx.principal.id });

/**
 * An administrative event on an account, in the access log of the account's agency (a hub
 * operator's own account has no agency, and its events go to the structured log only).
 */
export async function recordAccountEvent(
  tx: ScopedTx,
  ctx: AnonymousContext,
  found: { agency: { id: string; slug: string } | undefined },
  accountId: string,
  record: Pick<AccessRecord, 'action' | 'rule' | 'fields'> & { resource?: 'Account' | 'ApiClient' },
  actor: AccountEventActor = { kind: 'user', id: accountId },
): Promise<void> {
  if (!found.agency) return;
  const agency = found.agency;
  const accessActor = { agencyId: agency.id, kind: actor.kind, id: actor.id, requestId: ctx.requestId, clientRequestId: null, now: ctx.now, agencyLabel: () => agency.slug };
  const log = new AccessLog(accessActor);
  log.allow({ resource: 'Account', resourceId: accountId, ...record });
  const events = log.takeAllowed();
  await insertAccessEvents(tx, events);
  countAccessEvents(accessActor, events);
}
