import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('POST /oauth/token', () => {
  it('issues a short-lived bearer token for a person (password grant, form-encoded)', async () => {
    const res = await hub.call('POST', '/oauth/token', form({ grant_type: 'password', agency: 'mgcas', username: 'supervisor', password: DEMO_PASSWORD }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const me = await hub.call('GET', '/v1/me', { token: body.access_token });
    expect(await me.json()).toMatchObject({ kind: 'user', agency: 'mgcas', roles: ['supervisor'] });
  });

  it('issues a token for an API client by client credentials, in the body or with HTTP Basic', async () => {
    const inBody = await hub.call('POST', '/oauth/token', {
      json: { grant_type: 'client_credentials', client_id: 'unicef.demo', client_secret: `unicef-${DEMO_PASSWORD}` },
    });
    expect(inBody.status).toBe(200);
    const basic = Buffer.from(`unicef.demo:unicef-${DEMO_PASSWORD}`).toString('base64');
    const withBasic = await hub.call('POST', '/oauth/token', { ...form({ grant_type: 'client_credentials' }), headers: { ...form({}).headers, authorization: `Basic ${basic}` } });
    expect(withBasic.status).toBe(200);
    const { access_token } = (await withBasic.json()) as { access_token: string };
    expect(await (await hub.call('GET', '/v1/me', { token: access_token })).json()).toMatchObject({ kind: 'client', agency: 'unicef' });
  });

  it('issues a token for the hub operator, who names no agency', async () => {
    const token = await hub.login(undefined, 'operator');
    expect(await (await hub.call('GET', '/v1/me', { token })).json()).toMatchObject({ kind: 'hub_operator', agency: null });
  });

  it('answers a wrong password, an unknown user and an unknown agency alike', async () => {
    const attempts = [
      { agency: 'iom', username: 'caseworker', password: 'wrong-password-123' },
      { agency: 'iom', username: 'nobody-here', password: DEMO_PASSWORD },
      { agency: 'no-such-agency', username: 'caseworker', password: DEMO_PASSWORD },
      { username: 'caseworker', password: DEMO_PASSWORD },
    ];
    const answers = [];
    for (const attempt of attempts) {
      const res = await hub.call('POST', '/oauth/token', { json: { grant_type: 'password', ...attempt } });
      const body = (await res.json()) as Record<string, unknown>;
      answers.push({ status: res.status, error: body.error, description: body.error_description });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('refuses a wrong client secret with 401 and a Basic challenge', async () => {
    const res = await hub.call('POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: 'iom.demo', client_secret: 'guess' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses an unsupported grant type, naming the field', async () => {
    const res = await hub.call('POST', '/oauth/token', form({ grant_type: 'authorization_code', code: 'x' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type', errors: [{ field: 'grant_type', check: 'supported' }] });
  });

  it('refuses a request with missing fields or unknown ones, naming each', async () => {
    const res = await hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: 'iom', extra: 1 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ field: string; check: string }> };
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'username', check: 'invalid_type' }),
        expect.objectContaining({ field: 'password', check: 'invalid_type' }),
        expect.objectContaining({ field: 'extra', check: 'unrecognized_keys' }),
      ]),
    );
  });

  it('refuses a body of another media type', async () => {
    const res = await hub.call('POST', '/oauth/token', { body: 'grant_type=password', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', errors: [{ in: 'header', field: 'content-type' }] });
  });
});

/** An answer of RFC 6749 §5.2: JSON (never problem+json), not cached, `error` one of its codes, an ASCII description. */
async function oauthError(res: Response, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('pragma')).toBe('no-cache');
  const body = (await res.json()) as { error: string; error_description: string; errors?: Array<{ field: string; check: string }> };
  expect(body.error).toBe(error);
  expect(body.error_description).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
  expect(body).not.toHaveProperty('type');
  return body;
}

describe('the token endpoint answers every refusal as RFC 6749 §5.2 says', () => {
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const cases: Array<{ name: string; request: () => Promise<Response>; status: number; error: string; field?: string }> = [
    { name: 'no grant_type', request: () => hub.call('POST', '/oauth/token', form({ username: 'caseworker' })), status: 400, error: 'invalid_request', field: 'grant_type' },
    { name: 'an empty grant_type (as if omitted)', request: () => hub.call('POST', '/oauth/token', form({ grant_type: '' })), status: 400, error: 'invalid_request', field: 'grant_type' },
    { name: 'an unknown grant_type', request: () => hub.call('POST', '/oauth/token', form({ grant_type: 'authorization_code', code: 'x' })), status: 400, error: 'unsupported_grant_type', field: 'grant_type' },
    { name: 'a missing password', request: () => hub.call('POST', '/oauth/token', form({ grant_type: 'password', agency: 'iom', username: 'caseworker' })), status: 400, error: 'invalid_request', field: 'password' },
    { name: 'a parameter sent twice', request: () => hub.call('POST', '/oauth/token', { body: 'grant_type=password&grant_type=password', headers: form({}).headers }), status: 400, error: 'invalid_request', field: 'grant_type' },
    { name: 'a body that is not JSON', request: () => hub.call('POST', '/oauth/token', { body: '{', headers: { 'content-type': 'application/json' } }), status: 400, error: 'invalid_request' },
    { name: 'a wrong password', request: () => hub.call('POST', '/oauth/token', form({ grant_type: 'password', agency: 'iom', username: 'caseworker', password: 'wrong-password-123' })), status: 400, error: 'invalid_grant' },
    { name: 'a wrong client secret in the body', request: () => hub.call('POST', '/oauth/token', form({ grant_type: 'client_credentials', client_id: 'iom.demo', client_secret: 'guess' })), status: 401, error: 'invalid_client' },
    { name: 'a wrong client secret with HTTP Basic', request: () => hub.call('POST', '/oauth/token', { ...form({ grant_type: 'client_credentials' }), headers: { ...form({}).headers, authorization: basic('iom.demo', 'guess') } }), status: 401, error: 'invalid_client' },
    { name: 'client credentials both in HTTP Basic and the body', request: () => hub.call('POST', '/oauth/token', { ...form({ grant_type: 'client_credentials', client_id: 'iom.demo', client_secret: 'x' }), headers: { ...form({}).headers, authorization: basic('iom.demo', 'x') } }), status: 400, error: 'invalid_request', field: 'client_id' },
  ];
  it.each(cases)('$name: $status $error', async ({ request, status, error, field }) => {
    const res = await request();
    const body = await oauthError(res, status, error);
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="ponte"/);
    if (field) expect(body.errors?.map((e) => e.field)).toContain(field);
  });

  it('refuses a suspended client and a disabled account as invalid_client and invalid_grant', async () => {
    const operator = await hub.login(undefined, 'operator');
    expect((await hub.call('PATCH', '/v1/agencies/unicef', { token: operator, json: { status: 'suspended' } })).status).toBe(200);
    try {
      await oauthError(await hub.call('POST', '/oauth/token', form({ grant_type: 'client_credentials', client_id: 'unicef.demo', client_secret: `unicef-${DEMO_PASSWORD}` })), 401, 'invalid_client');
      await oauthError(await hub.call('POST', '/oauth/token', form({ grant_type: 'password', agency: 'unicef', username: 'caseworker', password: DEMO_PASSWORD })), 400, 'invalid_grant');
    } finally {
      await hub.call('PATCH', '/v1/agencies/unicef', { token: operator, json: { status: 'active' } });
    }
  });

  it('describes the refusal in Portuguese by Accept-Language, in ASCII; the field errors keep their accents', async () => {
    const res = await hub.call('POST', '/oauth/token', { ...form({ grant_type: 'password', agency: 'iom', username: 'caseworker' }), headers: { ...form({}).headers, 'accept-language': 'pt-MZ, en;q=0.5' } });
    expect(res.headers.get('content-language')).toBe('pt');
    const body = await oauthError(res, 400, 'invalid_request');
    expect(body.error_description).toBe('Alguns campos do pedido nao passaram a validacao');
    expect(JSON.stringify(body.errors)).toMatch(/[à-ú]/);
  });

  it('answers past the sign-in limit with 429, Retry-After, the RateLimit fields and an RFC 6749 body', async () => {
    const limited = await createTestHub({ database: hub.database, tokenRateLimitPerMinute: 2 });
    const attempt = () => limited.call('POST', '/oauth/token', form({ grant_type: 'password', agency: 'iom', username: 'caseworker', password: 'wrong-password-123' }));
    const first = await attempt();
    expect(first.headers.get('ratelimit-policy')).toBe('"sign-in-address";q=2;w=60, "sign-in-account";q=2;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"sign-in-address";r=1;t=\d+, "sign-in-account";r=1;t=\d+$/);
    await attempt();
    const refused = await attempt();
    const body = await oauthError(refused, 429, 'invalid_request');
    expect(body.error_description).toMatch(/try again in \d+ s/);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit')).toBe(`"sign-in-address";r=0;t=${wait}`);
  });
});

describe('GET /.well-known/oauth-authorization-server (RFC 8414)', () => {
  it('names the issuer of the tokens, a token endpoint and keys that work, and the grants', async () => {
    const res = await hub.call('GET', '/.well-known/oauth-authorization-server');
    expect(res.status).toBe(200);
    const metadata = (await res.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: 'http://ponte.test',
      token_endpoint: 'http://ponte.test/oauth/token',
      jwks_uri: 'http://ponte.test/.well-known/jwks.json',
      grant_types_supported: ['client_credentials', 'password'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    // No authorization endpoint, so no response types: a member without values is omitted (§3.2).
    expect(metadata).not.toHaveProperty('response_types_supported');
    expect(metadata).not.toHaveProperty('authorization_endpoint');

    const path = (url: unknown) => new URL(String(url)).pathname;
    const token = await hub.call('POST', path(metadata.token_endpoint), form({ grant_type: 'client_credentials', client_id: 'unicef.demo', client_secret: `unicef-${DEMO_PASSWORD}` }));
    const { access_token } = (await token.json()) as { access_token: string };
    const [header, payload] = access_token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    expect(payload!.iss).toBe(metadata.issuer);
    const jwks = (await (await hub.call('GET', path(metadata.jwks_uri))).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toContain(header!.kid);
  });
});
