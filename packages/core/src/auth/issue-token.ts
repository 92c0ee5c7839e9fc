import { tokensIssued, tokensRefused } from '@ponte/metrics';
import { PonteError, type TokenRequest, type TokenResponse } from '@ponte/contracts';
import { verifySecret, type TokenClaims, type TokenService } from '@ponte/auth';
import { findAgencyBySlug, findApiClientCredentials, withoutTenant, withTenant } from '@ponte/db';
import { signIn } from '../accounts/sign-in';
import type { AnonymousContext } from '../context';

export type TokenContext = AnonymousContext & { tokens: TokenService };

/**
 * The token endpoint (RFC 6749): client credentials for an agency's API clients, password
 * for people (agency users, or hub operators when no agency is named). Every failure looks
 * the same from outside and costs the same time, so it tells nothing about which accounts exist.
 */
export async function issueToken({ ctx, input }: { ctx: TokenContext; input: TokenRequest }): Promise<TokenResponse> {
  let claims: TokenClaims;
  try {
    claims = input.grant_type === 'client_credentials' ? await authenticateClient(ctx, input) : await authenticatePerson(ctx, input);
  } catch (error) {
    // The reason is the check that failed (a closed set), or the error's code.
    if (error instanceof PonteError) tokensRefused.inc({ grant: input.grant_type, reason: error.errors?.[0]?.check ?? error.code });
    throw error;
  }
  tokensIssued.inc({ grant: input.grant_type });
  const accessToken = await ctx.tokens.issue(claims, ctx.now());
  ctx.logger.info({ event: 'token.issued', principalKind: claims.kind, principalId: claims.sub, agencyId: claims.agencyId }, 'token issued');
  return { access_token: accessToken, token_type: 'Bearer', expires_in: ctx.tokens.ttlSeconds };
}

type ClientGrant = Extract<TokenRequest, { grant_type: 'client_credentials' }>;
type PasswordGrant = Extract<TokenRequest, { grant_type: 'password' }>;

async function authenticateClient(ctx: TokenContext, input: ClientGrant): Promise<TokenClaims> {
  const clientId = input.client_id ?? '';
  const secret = input.client_secret ?? '';
  const slug = clientId.split('.', 1)[0] ?? '';
  const agency = await withoutTenant(ctx.db, 'hub', (tx) => findAgencyBySlug(tx, slug));
  const client = agency ? await withTenant(ctx.db, agency.id, (tx) => findApiClientCredentials(tx, clientId), 'authenticator') : undefined;
  // The secret a rotation replaced counts until its overlap ends; both are always compared, so the time taken says nothing.
  const [current, previous] = await Promise.all([verifySecret(secret, client?.secret_hash), verifySecret(secret, client?.previous_secret_hash ?? undefined)]);
  const previousValid = previous && client?.previous_secret_expires_at != null && client.previous_secret_expires_at > ctx.now();
  const secretMatches = current || previousValid;
  if (!agency || !client || !secretMatches || client.status !== 'active' || agency.status !== 'active') {
    ctx.logger.warn({ event: 'token.refused', grant: 'client_credentials' }, 'client authentication failed');
    throw new PonteError('invalid_client', { en: 'Unknown client, wrong secret or revoked client', pt: 'Cliente desconhecido, segredo errado ou cliente revogado' }, undefined, {
      error: 'invalid_client',
    });
  }
  return { kind: 'client', sub: client.id, agencyId: agency.id, roles: client.roles, clientId: client.client_id };
}

async function authenticatePerson(ctx: TokenContext, input: PasswordGrant): Promise<TokenClaims> {
  const { found } = await signIn(ctx, input, input.password, { otp: input.otp });
  const { credentials, agency } = found;
  if (!agency) return { kind: 'hub_operator', sub: credentials.id, roles: ['hub_operator'] };
  return { kind: 'user', sub: credentials.id, agencyId: agency.id, roles: credentials.roles };
}
