import { fieldError, PonteError } from '@ponte/contracts';
import { TokenRejected, type TokenService, type VerifiedToken } from '@ponte/auth';
import {
  accountInAgencyQuery,
  deferAccountCheck,
  operatorQuery,
  readInOneTrip,
  type AccountInAgency,
  type Database,
  type OperatorAccount,
  type ScopedTx,
} from '@ponte/db';
import type { Principal } from '@ponte/policy';
import type { Compilable, Kysely } from 'kysely';

export interface AuthenticatedPrincipal extends Principal {
  /** Who a token stands for: never the hub's own system actor, which acts only inside the worker's jobs. */
  kind: 'user' | 'client' | 'hub_operator';
  /** The agency's slug, for logs and responses; null for the hub operator. */
  agencySlug: string | null;
  /** The agency's name in each language, for people to read; null for the hub operator. */
  agencyName: { en: string; pt: string } | null;
  displayName: string;
  /** The user's team, for supervisors' need-to-know. */
  team: string | null;
}

const REJECTION_TEXT = {
  expired: { en: 'The access token has expired', pt: 'O token de acesso expirou' },
  not_yet_valid: { en: 'The access token is not valid yet', pt: 'O token de acesso ainda não é válido' },
  issuer: { en: 'The access token was issued by someone else', pt: 'O token de acesso foi emitido por outra entidade' },
  audience: { en: 'The access token is meant for another service', pt: 'O token de acesso destina-se a outro serviço' },
  algorithm: { en: 'The access token uses an algorithm the hub does not accept', pt: 'O token de acesso usa um algoritmo que o hub não aceita' },
  type: { en: 'The token is not an access token', pt: 'O token não é um token de acesso' },
  signature: { en: 'The access token signature does not verify', pt: 'A assinatura do token de acesso não é válida' },
  claims: { en: 'The access token is missing required claims', pt: 'Faltam atributos obrigatórios no token de acesso' },
  malformed: { en: 'The access token is malformed', pt: 'O token de acesso está mal formado' },
  scheme: { en: 'The Authorization header is not a bearer token', pt: 'O cabeçalho Authorization não contém um token bearer' },
  inactive: { en: 'The account behind this token is disabled or revoked', pt: 'A conta deste token está desativada ou revogada' },
} as const;

/** The offending field of a refused token is the Authorization header; the check is the reason. */
export const invalidToken = (reason: keyof typeof REJECTION_TEXT) =>
  new PonteError('invalid_token', REJECTION_TEXT[reason], [fieldError('header', ['authorization'], reason, REJECTION_TEXT[reason])], { reason });

/**
 * Verifies a bearer token and confirms, on every request, that the account behind it is still
 * active: a disabled user, a revoked client or a suspended agency is refused at once, even
 * with an unexpired token. Roles come from the account as it is now, not as the token says.
 * The account is read in a round trip of its own (the console, which needs it at once).
 */
export async function authenticate({ db, tokens }: { db: Kysely<Database>; tokens: TokenService }, token: string): Promise<AuthenticatedPrincipal> {
  const check = accountCheckOf(await verifyBearer(tokens, token));
  return check.principalOf(await readInOneTrip(db, check.agencyId, 'authenticator', check.statement));
}

/**
 * Verifies a bearer token for a request whose account is checked by its first unit of work, in
 * that unit's opening round trip (`deferAccountCheck`), or on its own before the request answers
 * if it opens none. The principal knows what the signed token says (its kind, id and agency) at
 * once; what the account says (its roles, team, names) once the check accepted it: read earlier,
 * it throws rather than answer from the token.
 */
export async function authenticateInRequest({ tokens }: { tokens: TokenService }, token: string): Promise<AuthenticatedPrincipal> {
  const claims = await verifyBearer(tokens, token);
  const check = accountCheckOf(claims);
  let account: AuthenticatedPrincipal | undefined;
  const principal = { kind: claims.kind, id: claims.sub, agencyId: claims.agencyId } as AuthenticatedPrincipal;
  for (const key of ['roles', 'agencySlug', 'agencyName', 'displayName', 'team'] as const)
    Object.defineProperty(principal, key, {
      enumerable: true,
      get() {
        if (!account) throw new Error(`the account behind the token is not checked yet (${key})`);
        return account[key];
      },
    });
  deferAccountCheck({ agencyId: check.agencyId, statement: check.statement, accept: (rows) => void (account = check.principalOf(rows)) });
  return principal;
}

async function verifyBearer(tokens: TokenService, token: string): Promise<VerifiedToken> {
  try {
    return await tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenRejected) throw invalidToken(error.reason);
    throw error;
  }
}

/** How the account behind verified claims is read (as the authenticator) and what it makes of the row. */
function accountCheckOf(claims: VerifiedToken): {
  agencyId: string;
  statement: (tx: ScopedTx) => Compilable<unknown>;
  principalOf: (rows: unknown[]) => AuthenticatedPrincipal;
} {
  const { sub, agencyId } = claims;
  if (claims.kind === 'hub_operator')
    return {
      agencyId: '',
      statement: (tx) => operatorQuery(tx, sub),
      principalOf: (rows) => {
        const operator = rows[0] as OperatorAccount | undefined;
        if (operator?.status !== 'active') throw invalidToken('inactive');
        return { kind: 'hub_operator', id: operator.id, roles: ['hub_operator'], agencySlug: null, agencyName: null, displayName: operator.display_name, team: null };
      },
    };
  return {
    agencyId: agencyId!,
    statement: (tx) => accountInAgencyQuery(tx, claims.kind === 'user' ? 'user' : 'client', agencyId!, sub),
    principalOf: (rows) => {
      const account = rows[0] as AccountInAgency | undefined;
      if (account?.agency_status !== 'active' || account.status !== 'active') throw invalidToken('inactive');
      return {
        kind: claims.kind,
        id: account.id,
        agencyId: account.agency_id,
        agencySlug: account.agency_slug,
        agencyName: { en: account.agency_name_en, pt: account.agency_name_pt },
        roles: account.roles,
        displayName: account.display_name,
        team: account.team,
      };
    },
  };
}
