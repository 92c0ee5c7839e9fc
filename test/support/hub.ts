import { Writable } from 'node:stream';
import { TokenService, type SecretSealer, type TokenClaims } from '@ponte/auth';
import { ensureSigningKeys } from '@ponte/core';
import { createApp } from '@ponte/hub/app';
import { createLogger } from '@ponte/hub/logger';
import type { LimitStore } from '@ponte/hub/limit-stores';
import { createPonteClient, type PonteClient, type PonteClientOptions } from '@ponte/client';
import { findAgencyBySlug, findUserByUsername, withoutTenant, withTenant, type ReplicaReads } from '@ponte/db';
import { DEMO_PASSWORD } from './constants';
import { TEST_SIGNING_KEY_OPTIONS, testKeyEncryptionKey } from './key-encryption';
import { createTestDatabase, type TestDatabase } from './database';

export const ISSUER = 'http://ponte.test';
export const AUDIENCE = 'ponte-api';

export interface TestHub {
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  tokens: TokenService;
  /** The key-encryption key the hub seals secrets under (what a worker delivering its webhooks opens them with). */
  secrets: SecretSealer;
  /** Every log line the hub wrote, as text. */
  logs: string[];
  /** Calls the API; JSON bodies are serialised, tokens sent as bearer. */
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** A token through the public token endpoint, with the demo password. */
  login(agency: string | undefined, username: string): Promise<string>;
  /** A token minted with the hub's key for a demo user, without the cost of the password hash. */
  tokenFor(agency: string, username: string): Promise<string>;
  /** The hub's own fetch, in process (`app.request`): give it to `createPonteClient` as `fetch`. */
  fetch(request: Request): Promise<Response>;
  /**
   * The typed SDK (`@ponte/client`) acting as a demo user, in process: its calls go to
   * `app.request`, with a token minted as {@link tokenFor} does (once, on the first call).
   */
  client(agency: string, username: string, options?: Partial<PonteClientOptions>): PonteClient;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export interface TestHubOptions {
  database?: TestDatabase;
  bodyLimitBytes?: number;
  /** The largest document an upload may carry (the hub's default, 10 MiB, when not given). */
  documentMaxBytes?: number;
  now?: () => Date;
  allowPrivateWebhookTargets?: boolean;
  rateLimitPerMinute?: number;
  tokenRateLimitPerMinute?: number;
  requestTimeoutMs?: number;
  /** Tell each response's round trips to the database in `Server-Timing`. */
  serverTiming?: boolean;
  /** Serve `/metrics` to this bearer token. */
  metricsToken?: string;
  /** `/readyz` fails past this seal lag. */
  maxSealLagSeconds?: number;
  /** Where rate limits are counted (memory, per app, when not given). */
  limits?: LimitStore;
  /** The read replica for the reads that may be stale (none: every read on the test's database). */
  replica?: ReplicaReads;
}

export async function createTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const database = options.database ?? (await createTestDatabase());
  const keys = await ensureSigningKeys(database.db, TEST_SIGNING_KEY_OPTIONS);
  const tokens = new TokenService({ issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900, keys });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = createApp({
    db: database.db,
    storageKind: database.kind,
    ping: database.ping,
    tokens,
    secrets: testKeyEncryptionKey,
    logger: createLogger('info', sink),
    bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
    ...(options.documentMaxBytes ? { documentMaxBytes: options.documentMaxBytes } : {}),
    publicUrl: ISSUER,
    allowPrivateWebhookTargets: options.allowPrivateWebhookTargets ?? false,
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.tokenRateLimitPerMinute ? { tokenRateLimitPerMinute: options.tokenRateLimitPerMinute } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.serverTiming ? { serverTiming: true } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken, poolStats: database.poolStats } : {}),
    ...(options.maxSealLagSeconds ? { maxSealLagSeconds: options.maxSealLagSeconds } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.replica ? { replica: options.replica } : {}),
  });

  const call: TestHub['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    return app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  };

  return {
    app,
    database,
    tokens,
    secrets: testKeyEncryptionKey,
    logs,
    call,
    async login(agency, username) {
      const res = await call('POST', '/oauth/token', {
        json: { grant_type: 'password', ...(agency ? { agency } : {}), username, password: DEMO_PASSWORD },
      });
      if (res.status !== 200) throw new Error(`login ${agency}/${username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    async tokenFor(agency, username) {
      const found = await withoutTenant(database.db, 'hub', (tx) => findAgencyBySlug(tx, agency));
      if (!found) throw new Error(`no agency ${agency}`);
      const user = await withTenant(database.db, found.id, (tx) => findUserByUsername(tx, username), 'authenticator');
      if (!user) throw new Error(`no user ${agency}/${username}`);
      const claims: TokenClaims = { kind: 'user', sub: user.id, agencyId: found.id, roles: user.roles };
      return tokens.issue(claims);
    },
    fetch: (request) => Promise.resolve(app.request(request)),
    client(agency, username, clientOptions = {}) {
      let token: Promise<string> | undefined;
      return createPonteClient({
        baseUrl: ISSUER,
        fetch: (request) => Promise.resolve(app.request(request)),
        auth: { token: () => (token ??= (this as TestHub).tokenFor(agency, username)) },
        ...clientOptions,
      });
    },
    close: () => database.close(),
  };
}

/**
 * Calls as one of the named principals of a test (tokens by name), answering status, parsed body
 * and headers. `hub` is read at call time, so it may be created in `beforeAll`.
 */
export function actingAs(hub: () => TestHub, tokens: Record<string, string>) {
  return async (who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await hub().call(method, path, { token: tokens[who], ...(body !== undefined ? { json: body } : {}), headers });
    const parsed = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
}
