import { createPonteClient, PonteProblemError, unwrap, wasReplayed, type components } from '@ponte/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';

/*
 * The SDK's behaviour against the hub itself, in process: tokens by client credentials (cached,
 * renewed once on a refused token), retries under one Idempotency-Key, Retry-After, If-Match from
 * the last read and the 412 handed back. Requests go through a fetch the test can see and break.
 */

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await createTestHub();
  admin = await hub.tokenFor('caminho-seguro', 'admin');
});
afterAll(() => hub?.close());

/** The hub's in-process fetch, recording each request (method, path, headers) before it is sent. */
function recording(fetch: (request: Request) => Promise<Response> = hub.fetch) {
  const sent: Array<{ method: string; path: string; headers: Headers }> = [];
  return {
    sent,
    fetch: (request: Request) => {
      sent.push({ method: request.method, path: new URL(request.url).pathname, headers: new Headers(request.headers) });
      return fetch(request);
    },
  };
}

async function apiClient(roles: string[] = ['intake_focal_point']) {
  const res = await hub.call('POST', '/v1/api-clients', { token: admin, json: { name: `Case system ${Math.random()}`, roles } });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; clientId: string; clientSecret: string };
}

describe('client credentials', () => {
  it('gets one token, keeps it for later calls, and never puts the secret anywhere but the token request', async () => {
    const { clientId, clientSecret } = await apiClient();
    const wire = recording();
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { clientId, clientSecret }, fetch: wire.fetch });
    const me = unwrap(await ponte.api.GET('/v1/me'));
    expect(me).toMatchObject({ kind: 'client', agency: 'caminho-seguro' });
    unwrap(await ponte.api.GET('/v1/referrals', { params: { query: { limit: 5 } } }));
    const tokenRequests = wire.sent.filter((r) => r.path === '/oauth/token');
    expect(tokenRequests).toHaveLength(1);
    expect(wire.sent.filter((r) => r.path.startsWith('/v1/'))).toHaveLength(2);
    expect(JSON.stringify(ponte)).not.toContain(clientSecret);
    for (const r of wire.sent.filter((x) => x.path !== '/oauth/token')) expect([...r.headers.values()].join(' ')).not.toContain(clientSecret);
    // The token endpoint was found in the hub's RFC 8414 metadata.
    expect(wire.sent.map((r) => r.path).slice(0, 2)).toEqual(['/.well-known/oauth-authorization-server', '/oauth/token']);
  });

  it('sends the secret to no other origin than the hub’s, whatever the metadata says', async () => {
    const { clientId, clientSecret } = await apiClient();
    const wire = recording(async (request) => {
      if (new URL(request.url).origin !== ISSUER) throw new Error(`a request left the hub: ${request.url}`);
      const response = await hub.fetch(request);
      if (!request.url.endsWith('/.well-known/oauth-authorization-server')) return response;
      const metadata = { ...((await response.json()) as object), token_endpoint: 'https://elsewhere.example/oauth/token' };
      return new Response(JSON.stringify(metadata), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { clientId, clientSecret }, fetch: wire.fetch });
    expect(unwrap(await ponte.api.GET('/v1/me'))).toMatchObject({ kind: 'client' });
    expect(wire.sent.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
  });
});

describe('a refused token', () => {
  /** The hub's fetch, with the bearer token of the first `/v1` request (or of all) made unusable. */
  const spoiling = (all: boolean) => {
    let spoiled = 0;
    return recording((request) => {
      const auth = request.headers.get('authorization');
      if (request.url.includes('/v1/') && auth && (all || spoiled === 0)) {
        spoiled += 1;
        request.headers.set('authorization', `${auth.slice(0, -4)}AAAA`);
      }
      return hub.fetch(request);
    });
  };

  it('gets a new token once and sends the call again', async () => {
    const { clientId, clientSecret } = await apiClient();
    const wire = spoiling(false);
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { clientId, clientSecret }, fetch: wire.fetch });
    expect(unwrap(await ponte.api.GET('/v1/me'))).toMatchObject({ kind: 'client' });
    expect(wire.sent.filter((r) => r.path === '/oauth/token')).toHaveLength(2);
    const calls = wire.sent.filter((r) => r.path === '/v1/me');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers.get('authorization')).not.toBe(calls[1]!.headers.get('authorization'));
  });

  it('renews only once: a second refusal is answered as the 401 problem', async () => {
    const { clientId, clientSecret } = await apiClient();
    const wire = spoiling(true);
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { clientId, clientSecret }, fetch: wire.fetch });
    const refused = await ponte.api.GET('/v1/me');
    expect(() => unwrap(refused)).toThrow(PonteProblemError);
    expect(refused.response.status).toBe(401);
    expect((refused.error as { code: string }).code).toBe('invalid_token');
    expect(wire.sent.filter((r) => r.path === '/v1/me')).toHaveLength(2);
    expect(wire.sent.filter((r) => r.path === '/oauth/token')).toHaveLength(2);
  });

  it('answers wrong client credentials as the token endpoint’s RFC 6749 error, without the secret', async () => {
    const { clientId } = await apiClient();
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { clientId, clientSecret: 'not-the-secret-at-all' }, fetch: hub.fetch });
    const error = await ponte.api.GET('/v1/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PonteProblemError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client' });
    expect(String((error as Error).message)).not.toContain('not-the-secret-at-all');
  });
});

const returnee: components['schemas']['RegisterSubject'] = { identity: { givenName: 'Lurdes', familyName: 'Cossa', dateOfBirth: '1988-03-14', sex: 'female', nationality: 'MOZ', languages: ['pt'] } };

const consent: components['schemas']['RecordConsent'] = {
  grantedBy: 'subject',
  method: 'written',
  language: 'pt',
  interpreterUsed: false,
  purposes: ['return_reintegration'],
  recipients: ['caminho-seguro'],
  categories: ['identity', 'contact'],
  legalBasis: 'consent',
  validUntil: new Date(Date.now() + 90 * 86400_000).toISOString(),
};

describe('retries', () => {
  it('sends a change again under the same Idempotency-Key after the connection broke, and the hub answers it as a replay', async () => {
    const count = async () => (await hub.database.db.selectFrom('subjects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    let broken = 0;
    const wire = recording(async (request) => {
      const response = await hub.fetch(request);
      // The hub did the work and answered; the answer is lost on the way back, once.
      if (request.method === 'POST' && broken++ === 0) throw new TypeError('fetch failed: socket hang up');
      return response;
    });
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('iom', 'caseworker') }, fetch: wire.fetch, retry: { baseDelayMs: 1 } });
    const made = await ponte.api.POST('/v1/subjects', { body: returnee });
    expect(made.response.status).toBe(201);
    expect(wasReplayed(made)).toBe(true);
    const posts = wire.sent.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const key = posts[0]!.headers.get('idempotency-key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.headers.get('idempotency-key')).toBe(key);
    expect(Number(await count())).toBe(before + 1);
    // A new call is a new change: a new key, not a replay.
    const second = await ponte.api.POST('/v1/subjects', { body: returnee });
    expect(wasReplayed(second)).toBe(false);
    expect(wire.sent.at(-1)!.headers.get('idempotency-key')).not.toBe(key);
  });

  it('keeps the caller’s own Idempotency-Key', async () => {
    const wire = recording();
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('iom', 'caseworker') }, fetch: wire.fetch });
    const first = await ponte.api.POST('/v1/subjects', { body: returnee, headers: { 'idempotency-key': 'register-lurdes-1' } });
    const again = await ponte.api.POST('/v1/subjects', { body: returnee, headers: { 'idempotency-key': 'register-lurdes-1' } });
    expect(wire.sent.map((r) => r.headers.get('idempotency-key'))).toEqual(['register-lurdes-1', 'register-lurdes-1']);
    expect(unwrap(again).id).toBe(unwrap(first).id);
    expect(wasReplayed(again)).toBe(true);
  });

  it('does not send again what is not safe to repeat (a change without an Idempotency-Key)', async () => {
    const wire = recording(async () => {
      throw new TypeError('fetch failed');
    });
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { token: 'unused' }, fetch: wire.fetch, retry: { baseDelayMs: 1 } });
    await expect(ponte.api.POST('/account/password', { body: { currentPassword: 'a', newPassword: 'b' } as never })).rejects.toThrow('fetch failed');
    expect(wire.sent).toHaveLength(1);
    // A read is repeated, a bounded number of times.
    await expect(ponte.api.GET('/v1/me')).rejects.toThrow('fetch failed');
    expect(wire.sent.filter((r) => r.path === '/v1/me')).toHaveLength(4);
  });

  it('waits as Retry-After says on a 429, then gets the answer', async () => {
    let refused = 0;
    const wire = recording(async (request) => {
      if (refused++ === 0) return new Response(JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429, code: 'rate_limited' }), { status: 429, headers: { 'retry-after': '1', 'content-type': 'application/problem+json' } });
      return hub.fetch(request);
    });
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('iom', 'caseworker') }, fetch: wire.fetch, retry: { baseDelayMs: 1 } });
    const started = Date.now();
    expect(unwrap(await ponte.api.GET('/v1/me'))).toMatchObject({ kind: 'user' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(wire.sent).toHaveLength(2);
  });

  it('sends again after a 503 and a 409 idempotency_in_flight, under the same key', async () => {
    const answers = [
      new Response(JSON.stringify({ type: 'about:blank', title: 'Unavailable', status: 503, code: 'unavailable' }), { status: 503, headers: { 'content-type': 'application/problem+json' } }),
      new Response(JSON.stringify({ type: 'about:blank', title: 'In flight', status: 409, code: 'idempotency_in_flight' }), { status: 409, headers: { 'retry-after': '0', 'content-type': 'application/problem+json' } }),
    ];
    const wire = recording(async (request) => answers.shift() ?? hub.fetch(request));
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('iom', 'caseworker') }, fetch: wire.fetch, retry: { baseDelayMs: 1 } });
    const made = await ponte.api.POST('/v1/subjects', { body: returnee });
    expect(made.response.status).toBe(201);
    expect(wire.sent).toHaveLength(3);
    expect(new Set(wire.sent.map((r) => r.headers.get('idempotency-key'))).size).toBe(1);
    // A 409 of another kind is an answer, not a reason to try again.
    const conflict = recording(async () => new Response(JSON.stringify({ type: 'about:blank', title: 'Conflict', status: 409, code: 'conflict' }), { status: 409, headers: { 'content-type': 'application/problem+json' } }));
    const other = createPonteClient({ baseUrl: ISSUER, auth: { token: 'unused' }, fetch: conflict.fetch, retry: { baseDelayMs: 1 } });
    expect((await other.api.POST('/v1/subjects', { body: returnee })).response.status).toBe(409);
    expect(conflict.sent).toHaveLength(1);
  });

  it('hands back the hub’s own 429 when its Retry-After is longer than it will wait', async () => {
    const limited = await createTestHub({ database: hub.database, rateLimitPerMinute: 2 });
    const wire = recording(limited.fetch);
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('unicef', 'caseworker') }, fetch: wire.fetch, retry: { maxDelayMs: 2000 } });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await ponte.api.GET('/v1/me'));
    const last = answers.at(-1)!;
    expect(last.response.status).toBe(429);
    expect(Number(last.response.headers.get('retry-after'))).toBeGreaterThan(2);
    expect(() => unwrap(last)).toThrow(expect.objectContaining({ status: 429, code: 'rate_limited' }));
    expect(wire.sent).toHaveLength(3);
  });
});

describe('If-Match from the last read', () => {
  it('sends the ETag the client last saw; a change made meanwhile by someone else is a 412 handed back, not retried', async () => {
    const mine = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('iom', 'caseworker') }, fetch: hub.fetch });
    const wire = recording();
    const theirs = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('iom', 'caseworker') }, fetch: wire.fetch });
    const made = await mine.api.POST('/v1/subjects', { body: returnee });
    const id = unwrap(made).id;
    expect(mine.etagOf(`/v1/subjects/${id}`)).toBe(made.response.headers.get('etag'));
    // The subject's data is readable once the subject has consented.
    unwrap(await mine.api.POST('/v1/subjects/{id}/consents', { params: { path: { id } }, body: consent }));

    const read = await theirs.api.GET('/v1/subjects/{id}', { params: { path: { id } } });
    expect(read.response.status).toBe(200);
    const changed = await theirs.api.PATCH('/v1/subjects/{id}', { params: { path: { id } }, body: { contact: { phone: '+258845550999', safeToContact: true } } });
    expect(changed.response.status).toBe(200);
    expect(wire.sent.at(-1)!.headers.get('if-match')).toBe(read.response.headers.get('etag'));

    // Mine still holds the ETag of its own registration: the hub refuses, and the SDK says so.
    const stale = await mine.api.PATCH('/v1/subjects/{id}', { params: { path: { id } }, body: { contact: { phone: '+258845550111', safeToContact: false } } });
    expect(stale.response.status).toBe(412);
    const problem = (() => {
      try {
        unwrap(stale);
      } catch (e) {
        return e as PonteProblemError;
      }
    })();
    expect(problem).toMatchObject({ status: 412, code: 'precondition_failed' });
    // Refused again until the caller reads again: the SDK never re-reads for it.
    expect((await mine.api.PATCH('/v1/subjects/{id}', { params: { path: { id } }, body: { contact: { phone: '+258845550111', safeToContact: false } } as never })).response.status).toBe(412);
    await mine.api.GET('/v1/subjects/{id}', { params: { path: { id } } });
    expect((await mine.api.PATCH('/v1/subjects/{id}', { params: { path: { id } }, body: { contact: { phone: '+258845550111', safeToContact: false } } as never })).response.status).toBe(200);
  });

  it('sends none when the client has not read the record: a change that requires it is a 428', async () => {
    const ponte = createPonteClient({ baseUrl: ISSUER, auth: { token: await hub.tokenFor('iom', 'caseworker') }, fetch: hub.fetch });
    const id = unwrap(await ponte.api.POST('/v1/subjects', { body: returnee })).id;
    ponte.forgetEtag(`/v1/subjects/${id}`);
    const refused = await ponte.api.PATCH('/v1/subjects/{id}', { params: { path: { id } }, body: { contact: { phone: '+258845550111', safeToContact: false } } });
    expect(refused.response.status).toBe(428);
    expect(refused.error).toMatchObject({ code: 'precondition_required', errors: [expect.objectContaining({ field: 'if-match' })] });
  });
});
