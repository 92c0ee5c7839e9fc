import { fieldError, PonteError } from '@ponte/contracts';
import { TokenRejected, type TokenService } from '@ponte/auth';
import { findAccountInAgency, findOperator, withoutTenant, type Database } from '@ponte/db';
import type { Principal } from '@ponte/policy';
import type { Kysely } from 'kysely';

export interface AuthenticatedPrincipal extends Principal {
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
 */
export async function authenticate({ db, tokens }: { db: Kysely<Database>; tokens: TokenService }, token: string): Promise<AuthenticatedPrincipal> {
  let claims;
  try {
    claims = await tokens.verify(token);
  } catch (error) {
    if (error instanceof TokenRejected) throw invalidToken(error.reason);
    throw error;
  }
  const { sub, agencyId } = claims;
  if (claims.kind === 'hub_operator') {
    const operator = await withoutTenant(db, 'authenticator', (tx) => findOperator(tx, sub));
    if (operator?.status !== 'active') throw invalidToken('inactive');
    return { kind: 'hub_operator', id: operator.id, roles: ['hub_operator'], agencySlug: null, agencyName: null, displayName: operator.display_name, team: null };
  }
  const account = await findAccountInAgency(db, claims.kind === 'user' ? 'user' : 'client', agencyId!, sub);
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
}
