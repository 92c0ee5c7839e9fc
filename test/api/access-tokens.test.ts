import { generateSigningKey, TokenService, type TokenClaims } from '@ponte/auth';
import { ensureSigningKeys } from '@ponte/core';
import { importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUDIENCE, createTestHub, ISSUER, type TestHub } from '../support/hub';
import { TEST_SIGNING_KEY_OPTIONS } from '../support/key-encryption';

let hub: TestHub;
let caseworker: TokenClaims;

beforeAll(async () => {
  hub = await createTestHub();
  const res = await hub.call('GET', '/v1/me', { token: await hub.tokenFor('iom', 'caseworker') });
  const me = (await res.json()) as { id: string };
  const [agency] = ((await (await hub.call('GET', '/v1/agencies?limit=200', { token: await hub.tokenFor('iom', 'caseworker') })).json()) as {
    items: Array<{ id: string; slug: string }>;
  }).items.filter((a) => a.slug === 'iom');
  caseworker = { kind: 'user', sub: me.id, agencyId: agency!.id, roles: ['caseworker'] };
});
afterAll(() => hub?.close());

async function refusal(token: string) {
  const res = await hub.call('GET', '/v1/me', { token });
  const body = (await res.json()) as { code: string; reason?: string };
  return { status: res.status, code: body.code, reason: body.reason, contentType: res.headers.get('content-type'), challenge: res.headers.get('www-authenticate') };
}

const keysOf = async () => ensureSigningKeys(hub.database.db, TEST_SIGNING_KEY_OPTIONS);

const claimsPayload = () => ({ kind: 'user', roles: ['caseworker'], agency_id: caseworker.agencyId });

/** The registered claims of a valid hub token, for tokens crafted by hand. */
function withStandardClaims<T extends SignJWT | UnsecuredJWT>(jwt: T): T {
  jwt.setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(caseworker.sub).setJti('x').setIssuedAt().setNotBefore('0s').setExpirationTime('5m');
  return jwt;
}

describe('access token verification', () => {
  it('accepts a token the hub issued (the control case)', async () => {
    const res = await hub.call('GET', '/v1/me', { token: await hub.tokens.issue(caseworker) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'user', agency: 'iom', roles: ['caseworker'] });
  });

  it("refuses `alg: none`", async () => {
    const token = withStandardClaims(new UnsecuredJWT(claimsPayload())).encode();
    expect(await refusal(token)).toMatchObject({ status: 401, code: 'invalid_token', reason: 'algorithm' });
  });

  it('refuses a token signed by another key', async () => {
    const stranger = new TokenService({ issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900, keys: [await generateSigningKey()] });
    expect(await refusal(await stranger.issue(caseworker))).toMatchObject({ status: 401, code: 'invalid_token', reason: 'signature' });
  });

  it('refuses a token signed by another key that claims the hub key id', async () => {
    const [hubKey] = await keysOf();
    const stranger = await generateSigningKey();
    const forged = new TokenService({ issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900, keys: [{ ...stranger, kid: hubKey!.kid, privateJwk: { ...stranger.privateJwk, kid: hubKey!.kid } }] });
    expect(await refusal(await forged.issue(caseworker))).toMatchObject({ status: 401, reason: 'signature' });
  });

  it('refuses an HMAC token keyed with the public key (algorithm confusion)', async () => {
    const [hubKey] = await keysOf();
    const secret = new TextEncoder().encode(JSON.stringify(hubKey!.publicJwk));
    const token = await withStandardClaims(new SignJWT(claimsPayload()).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: hubKey!.kid })).sign(secret);
    expect(await refusal(token)).toMatchObject({ status: 401, reason: 'algorithm' });
  });

  it('refuses a token whose key id is an injection attempt', async () => {
    const stranger = await generateSigningKey();
    for (const kid of ['../../../etc/passwd', "' or 1=1 --", 'x'.repeat(2000)]) {
      const forged = new TokenService({ issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900, keys: [{ ...stranger, kid, privateJwk: { ...stranger.privateJwk, kid } }] });
      expect(await refusal(await forged.issue(caseworker))).toMatchObject({ status: 401, code: 'invalid_token' });
    }
  });

  it('refuses an expired token', async () => {
    const oneHourAgo = new Date(Date.now() - 3600_000);
    expect(await refusal(await hub.tokens.issue(caseworker, oneHourAgo))).toMatchObject({ status: 401, reason: 'expired' });
  });

  it('refuses a token it accepted once its lifetime is over, though its signature was verified before', async () => {
    // Issued 14 minutes 50 seconds ago with a lifetime of 15 minutes: valid for another ten seconds.
    const token = await hub.tokens.issue(caseworker, new Date(Date.now() - 890_000));
    expect((await hub.call('GET', '/v1/me', { token })).status).toBe(200);
    expect((await hub.call('GET', '/v1/me', { token })).status).toBe(200);
    vi.useFakeTimers({ now: Date.now() + 20_000, toFake: ['Date'] });
    try {
      expect(await refusal(token)).toMatchObject({ status: 401, reason: 'expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a token not valid yet', async () => {
    const inOneHour = new Date(Date.now() + 3600_000);
    expect(await refusal(await hub.tokens.issue(caseworker, inOneHour))).toMatchObject({ status: 401, reason: 'not_yet_valid' });
  });

  it('refuses a token for another audience', async () => {
    const other = new TokenService({ issuer: ISSUER, audience: 'another-api', ttlSeconds: 900, keys: await keysOf() });
    expect(await refusal(await other.issue(caseworker))).toMatchObject({ status: 401, reason: 'audience' });
  });

  it('refuses a token from another issuer', async () => {
    const other = new TokenService({ issuer: 'https://elsewhere.example', audience: AUDIENCE, ttlSeconds: 900, keys: await keysOf() });
    expect(await refusal(await other.issue(caseworker))).toMatchObject({ status: 401, reason: 'issuer' });
  });

  it('refuses a signed JWT that is not an access token (wrong typ)', async () => {
    const [hubKey] = await keysOf();
    const token = await withStandardClaims(new SignJWT(claimsPayload()).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: hubKey!.kid })).sign(
      await importJWK(hubKey!.privateJwk!, 'EdDSA'),
    );
    expect(await refusal(token)).toMatchObject({ status: 401, reason: 'type' });
  });

  it('refuses a token for a user that does not exist', async () => {
    expect(await refusal(await hub.tokens.issue({ ...caseworker, sub: crypto.randomUUID() }))).toMatchObject({ status: 401, reason: 'inactive' });
  });

  it('refuses a garbled token and a missing one, with a bearer challenge', async () => {
    expect(await refusal('not-a-token')).toMatchObject({ status: 401, code: 'invalid_token', reason: 'malformed' });
    const res = await hub.call('GET', '/v1/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a disabled user on the next request, though the token has not expired', async () => {
    const token = await hub.login('iom', 'caseworker2');
    expect((await hub.call('GET', '/v1/me', { token })).status).toBe(200);
    const admin = await hub.tokenFor('iom', 'admin');
    const me = (await (await hub.call('GET', '/v1/me', { token })).json()) as { id: string };
    const disabled = await hub.call('POST', `/v1/users/${me.id}/disable`, { token: admin });
    expect(disabled.status).toBe(200);
    expect(await refusal(token)).toMatchObject({ status: 401, code: 'invalid_token', reason: 'inactive' });
    // and cannot get a new one
    const again = await hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: 'iom', username: 'caseworker2', password: 'test-demo-password' } });
    expect(again.status).toBe(400);
  });

  it('refuses a revoked API client on the next request, though the token has not expired', async () => {
    const admin = await hub.tokenFor('iom', 'admin');
    const created = await hub.call('POST', '/v1/api-clients', { token: admin, json: { name: 'Test integration', roles: ['intake_focal_point'] } });
    expect(created.status).toBe(201);
    const client = (await created.json()) as { id: string; clientId: string; clientSecret: string };
    const tokenRes = await hub.call('POST', '/oauth/token', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(tokenRes.status).toBe(200);
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    expect(await (await hub.call('GET', '/v1/me', { token })).json()).toMatchObject({ kind: 'client', agency: 'iom', roles: ['intake_focal_point'] });
    expect((await hub.call('POST', `/v1/api-clients/${client.id}/revoke`, { token: admin })).status).toBe(200);
    expect(await refusal(token)).toMatchObject({ status: 401, code: 'invalid_token', reason: 'inactive' });
  });

  it('refuses every user of a suspended agency at once', async () => {
    const token = await hub.tokenFor('casa-esperanca', 'caseworker');
    const operator = await hub.login(undefined, 'operator');
    const suspended = await hub.call('PATCH', '/v1/agencies/casa-esperanca', { token: operator, json: { status: 'suspended' } });
    expect(suspended.status).toBe(200);
    expect(await refusal(token)).toMatchObject({ status: 401, reason: 'inactive' });
    await hub.call('PATCH', '/v1/agencies/casa-esperanca', { token: operator, json: { status: 'active' } });
    expect((await hub.call('GET', '/v1/me', { token })).status).toBe(200);
  });
});

describe('the JWKS endpoint', () => {
  it('publishes the public key the tokens verify with, and never a private part', async () => {
    const res = await hub.call('GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const { keys } = (await res.json()) as { keys: Array<Record<string, string>> };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
    const [header] = (await hub.tokens.issue(caseworker)).split('.');
    const { kid } = JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string };
    expect(keys.map((k) => k.kid)).toContain(kid);
  });
});
