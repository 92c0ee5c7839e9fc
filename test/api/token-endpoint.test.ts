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
      answers.push({ status: res.status, code: body.code, error: body.error, detail: body.detail });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 400, code: 'invalid_grant', error: 'invalid_grant' });
  });

  it('refuses a wrong client secret with 401 and a Basic challenge', async () => {
    const res = await hub.call('POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: 'iom.demo', client_secret: 'guess' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.json()).toMatchObject({ code: 'invalid_client', error: 'invalid_client' });
  });

  it('refuses an unsupported grant type, naming the field', async () => {
    const res = await hub.call('POST', '/oauth/token', form({ grant_type: 'authorization_code', code: 'x' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'unsupported_grant_type', errors: [{ field: 'grant_type', check: 'supported' }] });
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
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 'unsupported_media_type' });
  });
});
