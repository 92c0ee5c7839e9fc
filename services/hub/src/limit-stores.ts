import { createHmac } from 'node:crypto';
import { rateLimitStoreClient, type Db } from '@ponte/db';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Where the hub's rate limits are counted (`rate-limiter-flexible`, fixed windows of a minute):
 * - `redis` (`PONTE_REDIS_URL`): one count for every hub of the deployment, for every limit;
 * - `postgres` (a server without Redis): the sign-in limits are counted in the database, shared by
 *   every hub; the per-principal limit of every API request stays in each process's memory, so
 *   that no request pays a write to the primary for it (N hubs then allow up to N times it);
 * - `memory` (the embedded default, one process).
 * Shared stores count by an HMAC of the key under a secret the hubs share (derived from the
 * key-encryption key), never the address or account name itself. If Redis or
 * the database does not answer, each process counts in its own memory until it does (the hub keeps
 * serving, its limits per process meanwhile). Memory holds a key only for its window: bounded by
 * the keys of one minute, never cleared wholesale.
 */
export interface RateLimiter {
  /** Seconds to wait before the next request would pass; 0 when this one passes. */
  take(key: string): Promise<number>;
  /** The same count as {@link take}, with what is left of the window: for the `RateLimit` header fields. */
  decide(key: string): Promise<LimitDecision>;
}

/** One request counted against one limit (a quota policy of draft-ietf-httpapi-ratelimit-headers). */
export interface LimitDecision {
  /** The limit's name: the policy's identifier in `RateLimit-Policy` and `RateLimit`. */
  policy: string;
  /** Requests a key may make in a window (`q`), and the window in seconds (`w`). */
  quota: number;
  windowSeconds: number;
  /** Requests left in this window after this one (`r`); 0 when refused. */
  remaining: number;
  /** Seconds until the window ends and the quota is whole again (`t`), at least 1. */
  resetSeconds: number;
  /** Seconds to wait before the next request would pass; 0 when this one passes. */
  retryAfter: number;
}

export interface LimitStore {
  readonly kind: 'memory' | 'redis' | 'postgres';
  /** A limit of `perMinute` a key; `hot` for one checked on every request (kept in memory unless the store is Redis). */
  limiter(name: string, perMinute: number, options?: { hot?: boolean }): RateLimiter;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;

/** A key as a shared store keeps it: keyed with a secret of the deployment, so an address or an account name cannot be found again by hashing candidates. */
const keyedBy = (secret: Buffer) => (key: string) => createHmac('sha256', secret).update(key).digest('base64url').slice(0, 32);

/** A limiter of the library's as ours; `ready` is awaited before each count (a store's first connection). */
function wrap(name: string, perMinute: number, limiter: RateLimiterAbstract, keyOf: (key: string) => string = (key) => key, ready: Promise<void> = Promise.resolve()): RateLimiter {
  const decision = (answer: RateLimiterRes, refused: boolean): LimitDecision => {
    const resetSeconds = Math.max(1, Math.ceil(answer.msBeforeNext / 1000));
    return {
      policy: name,
      quota: perMinute,
      windowSeconds: WINDOW_SECONDS,
      remaining: refused ? 0 : Math.max(0, answer.remainingPoints),
      resetSeconds,
      retryAfter: refused ? resetSeconds : 0,
    };
  };
  const decide = async (key: string) => {
    await ready;
    try {
      return decision(await limiter.consume(keyOf(key)), false);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return decision(refusal, true);
      throw refusal;
    }
  };
  return { decide, take: async (key) => (await decide(key)).retryAfter };
}

const inMemory = (name: string, perMinute: number) => new RateLimiterMemory({ keyPrefix: name, points: perMinute, duration: WINDOW_SECONDS });

export function memoryLimits(): LimitStore {
  return { kind: 'memory', limiter: (name, perMinute) => wrap(name, perMinute, inMemory(name, perMinute)), close: async () => undefined };
}

/**
 * Every limit in Redis, shared by all hubs; each process's memory stands in while Redis is away.
 * Keys are `<prefix>:<limit>:<hash>`, so deployments may share one Redis under different prefixes.
 */
export function redisLimits(url: string, keySecret: Buffer, onUnavailable: (error: Error) => void, prefix = 'ponte'): LimitStore {
  const hashed = keyedBy(keySecret);
  // No queue while disconnected: a limit is decided now, by the memory stand-in if need be. A
  // command that is merely slow (a busy machine) is waited for up to 2 s: giving up sooner would
  // count that request in one process's memory, and the limit would no longer be the deployment's.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 2000 });
  // Until the first connection is up, a limit waits for it (as long as a slow command would be
  // waited for): a hub takes requests as soon as it listens, and those must count in Redis too.
  // Once Redis has answered or failed to, the stand-in takes over at once while it is away.
  const connected = new Promise<void>((settle) => {
    const done = () => {
      clearTimeout(timer);
      settle();
    };
    const timer = setTimeout(done, 2000);
    client.once('ready', done);
    client.once('error', done);
    client.once('end', done);
  });
  let warned = 0;
  client.on('error', (error: Error) => {
    // Reported at most once a minute: a Redis that is down errs on every reconnection attempt.
    if (Date.now() - warned > 60_000) {
      warned = Date.now();
      onUnavailable(error);
    }
  });
  return {
    kind: 'redis',
    limiter: (name, perMinute) => {
      return wrap(
        name,
        perMinute,
        new RateLimiterRedis({ storeClient: client, keyPrefix: `${prefix}:${name}`, points: perMinute, duration: WINDOW_SECONDS, rejectIfRedisNotReady: true, insuranceLimiter: inMemory(name, perMinute) }),
        hashed,
        connected,
      );
    },
    close: async () => {
      client.disconnect();
    },
  };
}

/**
 * The sign-in limits in the database, shared by all hubs, as the hub's own tasks (`ponte_system`);
 * a hot limit stays in memory (see {@link LimitStore}).
 */
export function postgresLimits(db: Db, keySecret: Buffer, onUnavailable: (error: Error) => void): LimitStore {
  const hashed = keyedBy(keySecret);
  const client = rateLimitStoreClient(db);
  let warned = 0;
  // The library falls back to memory on a failure without a word: say so, at most once a minute.
  const storeClient = {
    query: (query: { text: string; values?: unknown[] }) =>
      client.query(query).catch((error: unknown) => {
        if (Date.now() - warned > 60_000) {
          warned = Date.now();
          onUnavailable(error instanceof Error ? error : new Error(String(error)));
        }
        throw error;
      }),
  };
  return {
    kind: 'postgres',
    limiter: (name, perMinute, options) =>
      options?.hot
        ? wrap(name, perMinute, inMemory(name, perMinute))
        : wrap(
            name,
            perMinute,
            new RateLimiterPostgres({
              storeClient,
              storeType: 'pool',
              tableName: 'rate_limits',
              tableCreated: true,
              clearExpiredByTimeout: true,
              keyPrefix: name,
              points: perMinute,
              duration: WINDOW_SECONDS,
              insuranceLimiter: inMemory(name, perMinute),
            }),
            hashed,
          ),
    close: async () => undefined,
  };
}
