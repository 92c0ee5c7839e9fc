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

/** Counts the request against a limit and keeps the decision for {@link announceRateLimits}; refuses it (429) past the limit. */
async function count(c: Context<HubEnv>, limiter: RateLimiter, key: string, limit: Parameters<typeof tooMany>[1]): Promise<void> {
  const decision = await limiter.decide(key);
  c.set('rateLimits', [...(c.get('rateLimits') ?? []), decision]);
  if (decision.retryAfter > 0) throw tooMany(decision.retryAfter, limit);
}

/**
 * The `RateLimit-Policy` and `RateLimit` header fields (draft-ietf-httpapi-ratelimit-headers, as
 * Structured Field lists: `"principal";q=1200;w=60` and `"principal";r=1187;t=42`) on every answer
 * a limit counted, a 429 included: one item per limit the request was counted against, named as
 * the limit is. Set once the answer is made, whatever made it (a route or the error handler).
 */
export function announceRateLimits(): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    await next();
    const decisions = c.get('rateLimits');
    if (!decisions?.length) return;
    c.res.headers.set('ratelimit-policy', decisions.map((d) => `"${d.policy}";q=${d.quota};w=${d.windowSeconds}`).join(', '));
    c.res.headers.set('ratelimit', decisions.map((d) => `"${d.policy}";r=${d.remaining};t=${d.resetSeconds}`).join(', '));
  };
}

/** Per authenticated principal (an API client, a person): 429 with `Retry-After` past the limit. */
export function limitPrincipals(limiter: RateLimiter): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    await count(c, limiter, `${principal.kind}:${principal.id}`, 'principal');
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
    await count(c, limiters.address, `token:${clientAddress(c, deps)}`, 'sign_in_address');
    if (c.req.method === 'POST') {
      const account = await passwordGrantAccount(c);
      if (account !== undefined) await count(c, limiters.account, `token-account:${account}`, 'sign_in_account');
    }
    await next();
  };
}
