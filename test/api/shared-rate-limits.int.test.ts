import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { memoryLimits, postgresLimits, redisLimits, type LimitStore } from '@ponte/hub/limit-stores';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * Rate limits that hold for a deployment, not for each process: two hubs over one database,
 * counting in Redis (`PONTE_REDIS_URL`) or, without it, in PostgreSQL, meet one sign-in limit
 * together; in memory each would allow its own. Redis going away leaves the hubs serving.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RATE = 4;
/** The deployment's secret the hubs key their limits with (a hub derives it from its key-encryption key). */
const SECRET = randomBytes(32);

const redisUp = await new Promise<boolean>((done) => {
  const probe = redisLimits(REDIS_URL, SECRET, () => done(false), `ponte-probe-${randomUUID()}`);
  probe.limiter('probe', 10, {}).take('probe').then(
    () => done(true),
    () => done(false),
  ).finally(() => void probe.close());
});

// In CI Redis runs (.ci/run starts it): a Redis that does not answer there is a failure, not a skip.
if (!redisUp && process.env.CI) throw new Error(`Redis does not answer at ${REDIS_URL}: start it (redis-server), as .ci/run does`);

let first: TestHub;
const opened: Array<{ hub: TestHub; store: LimitStore }> = [];

/** A second hub on the first one's database, counting in `store`. */
async function hubOn(store: LimitStore, database = first.database) {
  const hub = await createTestHub({ database, tokenRateLimitPerMinute: RATE, rateLimitPerMinute: RATE, limits: store });
  opened.push({ hub, store });
  return hub;
}

const signIn = (hub: TestHub, password = 'not the password') =>
  hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: 'iom', username: 'caseworker', password } });

beforeAll(async () => {
  first = await createTestHub();
});
afterAll(async () => {
  for (const { store } of opened) await store.close();
  await first?.close();
});

describe('rate limits shared by the hubs of a deployment', () => {
  it('in memory, each hub counts its own: two hubs allow twice the sign-in limit', async () => {
    const a = await hubOn(memoryLimits());
    const b = await hubOn(memoryLimits());
    for (let i = 0; i < RATE; i++) expect((await signIn(a)).status).toBe(400);
    for (let i = 0; i < RATE; i++) expect((await signIn(b)).status).toBe(400);
    expect((await signIn(a)).status).toBe(429);
  });

  it.skipIf(!redisUp)('in Redis, two hubs meet one sign-in limit and one per-principal limit together', async () => {
    const prefix = `ponte-test-${randomUUID()}`;
    const a = await hubOn(redisLimits(REDIS_URL, SECRET, () => undefined, prefix));
    const b = await hubOn(redisLimits(REDIS_URL, SECRET, () => undefined, prefix));
    for (let i = 0; i < RATE; i++) expect((await signIn(i % 2 === 0 ? a : b)).status).toBe(400);
    const refused = await signIn(b);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
    expect(refused.headers.get('ratelimit')).toMatch(/^"sign-in-address";r=0;t=\d+$/);
    // A right password from the same address is refused too: the limit is the address's.
    expect((await signIn(a, DEMO_PASSWORD)).status).toBe(429);

    const token = await first.tokenFor('iom', 'supervisor');
    for (let i = 0; i < RATE; i++) expect((await (i % 2 === 0 ? a : b).call('GET', '/v1/me', { token })).status).toBe(200);
    expect((await a.call('GET', '/v1/me', { token })).status).toBe(429);
  });

  it.skipIf(!redisUp)('a store counts in Redis from its first request, made before its connection is up', async () => {
    // A hub takes requests as soon as it listens; its Redis connection may still be opening. Those
    // requests must wait for it (briefly), not be counted in the process's own memory.
    const store = redisLimits(REDIS_URL, SECRET, () => undefined, `ponte-test-${randomUUID()}`);
    opened.push({ hub: first, store });
    const limit = store.limiter('sign-in-address', 1);
    expect(await limit.take('address')).toBe(0);
    // Well after the connection is up: the first count is in Redis, so the limit of one is met.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await limit.take('address')).toBeGreaterThanOrEqual(1);
  });

  it('in PostgreSQL without Redis, two hubs meet one sign-in limit; no address or account name is stored, nor a plain hash of one', async () => {
    const a = await hubOn(postgresLimits(first.database.db, SECRET, () => undefined));
    const b = await hubOn(postgresLimits(first.database.db, SECRET, () => undefined));
    // Another test's counts in this database start from nothing.
    await sql`delete from rate_limits`.execute(first.database.db);
    for (let i = 0; i < RATE; i++) expect((await signIn(i % 2 === 0 ? a : b)).status).toBe(400);
    expect((await signIn(b)).status).toBe(429);
    expect((await signIn(a)).status).toBe(429);
    const keys = (await sql<{ key: string }>`select key from rate_limits`.execute(first.database.db)).rows.map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toMatch(/caseworker|iom|local|127\.0\.0\.1/);
      expect(key).toMatch(/^sign-in-(address|account):[A-Za-z0-9_-]{32}$/);
    }
    // Keyed with the deployment's secret: hashing a guessed address or account does not find it.
    const guesses = ['token:local', 'token:127.0.0.1', 'token-account:iom/caseworker'].map((k) => createHash('sha256').update(k).digest('base64url').slice(0, 32));
    for (const key of keys) expect(guesses).not.toContain(key.split(':')[1]);
  });

  it('with Redis away, each hub still serves and counts in its own memory', async () => {
    const warnings: Error[] = [];
    // Nothing listens on port 1.
    const a = await hubOn(redisLimits('redis://127.0.0.1:1', SECRET, (error: Error) => warnings.push(error), `ponte-test-${randomUUID()}`));
    for (let i = 0; i < RATE; i++) expect((await signIn(a)).status).toBe(400);
    expect((await signIn(a)).status).toBe(429);
    expect((await a.call('GET', '/v1/me', { token: await first.tokenFor('iom', 'caseworker') })).status).toBe(200);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
  });
});
