import { PonteError } from '@ponte/contracts';
import type { MiddlewareHandler } from 'hono';
import type { HubEnv } from '../types';

/**
 * A token bucket per key: `capacity` requests at once, refilled at `perMinute` a minute. In
 * memory, per hub process: behind a load balancer each process enforces its share.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly capacity = perMinute,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Seconds to wait before the next request would pass; 0 when this one passes. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, at: now };
    const refill = ((now - bucket.at) / 60_000) * this.perMinute;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + refill);
    bucket.at = now;
    if (this.#buckets.size > 100_000) this.#buckets.clear();
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - bucket.tokens) / this.perMinute) * 60));
  }
}

function tooMany(retryAfter: number): PonteError {
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
    const wait = limiter.take(`${principal.kind}:${principal.id}`);
    if (wait > 0) throw tooMany(wait);
    await next();
  };
}

/** For the token endpoint, per client id or username and per address: slows guessing down. */
export function limitTokenRequests(limiter: RateLimiter): MiddlewareHandler<HubEnv> {
  return async (c, next) => {
    const address = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'direct';
    const wait = limiter.take(`token:${address}`);
    if (wait > 0) throw tooMany(wait);
    await next();
  };
}
