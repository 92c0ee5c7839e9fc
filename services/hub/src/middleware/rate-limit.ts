import { rateLimited } from '@ponte/metrics';
import { getConnInfo } from '@hono/node-server/conninfo';
import { PonteError } from '@ponte/contracts';
import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../limit-stores';
import type { HubDeps, HubEnv } from '../types';

function tooMany(retryAfter: number, limit: 'principal' | 'sign_in_address' | 'sign_in_account'): PonteError {
  rateLimited.inc({ limit });
  return new PonteError(
    'rate_limited',
    { en: `Too many requests; try again in ${retryAfter} s`, pt: `Demasiados pedidos; tente de novo daqui a ${retryAfter} s` },
    undefined,
    { retryAfter },
  );
}

/** Per authenticated principal (an API client, a person): 429 with `Retry-After` past the limit. */
export function limitPrincipals(limiter: RateLimiter): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    const wait = await limiter.take(`${principal.kind}:${principal.id}`);
    if (wait > 0) throw tooMany(wait, 'principal');
    await next();
  };
}

/** An address as written by Node (`::ffff:10.0.0.1` for IPv4 on a dual-stack socket) or by a proxy, compared plainly. */
const plainAddress = (address: string) => address.trim().toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * The address a request comes from, for rate limits: the socket's peer, and the `X-Forwarded-For`
 * header only when that peer is one of the trusted proxies (`PONTE_TRUSTED_PROXIES`), then the
 * right-most hop no trusted proxy wrote. A client writes what it likes into the header, so an
 * untrusted peer's header is ignored. Without a socket (a request handed to `app.request()`)
 * every request shares the key `local`.
 */
export function clientAddress(c: Context, deps: Pick<HubDeps, 'trustedProxies'>): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  if (!peer) return 'local';
  const direct = plainAddress(peer);
  const trusted = new Set((deps.trustedProxies ?? []).map(plainAddress));
  if (!trusted.has(direct)) return direct;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map(plainAddress)
    .filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return hops[0] ?? direct;
}

/** The account a password sign-in names, as one key whatever the case the guesser types it in. */
export const accountKey = (agency: unknown, username: unknown) =>
  `${typeof agency === 'string' ? agency.trim().toLowerCase() : ''}/${typeof username === 'string' ? username.trim().toLowerCase() : ''}`;

/** The request's body as the token endpoint reads it (cached by hono, so the route reads it again). */
async function passwordGrantAccount(c: Context): Promise<string | undefined> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let body: Record<string, unknown> | undefined;
  try {
    if (type === 'application/x-www-form-urlencoded') body = Object.fromEntries(new URLSearchParams(await c.req.text()));
    else if (type === 'application/json') {
      const value: unknown = await c.req.json();
      if (value && typeof value === 'object' && !Array.isArray(value)) body = value as Record<string, unknown>;
    }
  } catch {
    return undefined;
  }
  // The password grant, or a person's own account operation: each names the account it acts on.
  if (!body || body.grant_type === 'client_credentials' || typeof body.username !== 'string') return undefined;
  return accountKey(body.agency, body.username);
}

/**
 * For the token endpoint: per address (see {@link clientAddress}) and, for the password grant, per
 * account, so guesses spread over many addresses still meet one limit for the account they target.
 */
export function limitTokenRequests(limiters: { address: RateLimiter; account: RateLimiter }, deps: Pick<HubDeps, 'trustedProxies'>): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const byAddress = await limiters.address.take(`token:${clientAddress(c, deps)}`);
    if (byAddress > 0) throw tooMany(byAddress, 'sign_in_address');
    if (c.req.method === 'POST') {
      const account = await passwordGrantAccount(c);
      const byAccount = account === undefined ? 0 : await limiters.account.take(`token-account:${account}`);
      if (byAccount > 0) throw tooMany(byAccount, 'sign_in_account');
    }
    await next();
  };
}
