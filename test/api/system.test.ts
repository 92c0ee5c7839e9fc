import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/constants';
import { createTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

describe('health and readiness', () => {
  it('answers /healthz and /readyz with the storage in use', async () => {
    expect(await (await hub.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await hub.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', storage: hub.database.kind });
  });
});

describe('the API description', () => {
  it('serves OpenAPI 3.1 with every route, the bearer scheme and the problem schema', async () => {
    const res = await hub.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/oauth/token', '/.well-known/jwks.json', '/healthz', '/readyz', '/v1/me', '/v1/agencies', '/v1/agencies/{slug}', '/v1/agencies/{slug}/services', '/v1/directory', '/v1/agreements', '/v1/agreements/{id}', '/v1/agreements/{id}/terminate', '/v1/users', '/v1/users/{id}/disable', '/v1/api-clients', '/v1/api-clients/{id}/revoke', '/v1/subjects', '/v1/subjects/{id}', '/v1/subjects/{id}/assignment', '/v1/subjects/{id}/break-glass', '/v1/subjects/{id}/consents', '/v1/consents/{id}', '/v1/consents/{id}/withdraw', '/v1/consents/{id}/fhir', '/v1/consent-receipts/verify', '/v1/access-events', '/v1/referrals', '/v1/referrals/{id}', '/v1/referrals/{id}/subject', '/v1/referrals/{id}/accept', '/v1/referrals/{id}/decline', '/v1/referrals/{id}/assign', '/v1/referrals/{id}/start', '/v1/referrals/{id}/complete', '/v1/referrals/{id}/withdraw', '/v1/referral-figures', '/v1/events', '/v1/webhook-endpoints', '/v1/webhook-deliveries', '/v1/webhook-deliveries/replay'])
      expect(doc.paths).toHaveProperty([path]);
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    expect(doc.components.schemas).toHaveProperty('Problem');
    for (const [path, operations] of Object.entries(doc.paths))
      if (path.startsWith('/v1/')) for (const operation of Object.values(operations)) expect(operation.responses).toHaveProperty('401');
  });

  it('serves a docs page that loads nothing from elsewhere', async () => {
    const page = await hub.call('GET', '/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await hub.call('GET', '/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('explains each problem type at its URI', async () => {
    const res = await hub.call('GET', '/problems/invalid_token');
    expect(await res.json()).toMatchObject({ code: 'invalid_token', status: 401, title: { en: expect.any(String), pt: expect.any(String) } });
  });
});

describe('request ids', () => {
  it("names every request by the hub's own id, and keeps and echoes the caller's beside it", async () => {
    const given = await hub.call('GET', '/healthz', { headers: { 'x-request-id': 'caller-trace-42' } });
    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(given.headers.get('x-client-request-id')).toBe('caller-trace-42');
    const made = await hub.call('GET', '/healthz');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.headers.get('x-client-request-id')).toBeNull();
  });

  it("puts the hub's id in the access log, the caller's only beside it, so a caller cannot pass off its reads as another's", async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const other = await hub.call('GET', '/v1/me', { token });
    const forged = other.headers.get('x-request-id')!;
    const res = await hub.call('GET', `/v1/subjects/${randomUUID()}`, { token, headers: { 'x-request-id': forged } });
    const ownId = res.headers.get('x-request-id')!;
    expect(ownId).not.toBe(forged);
    const { rows } = await sql<{ request_id: string; client_request_id: string | null }>`select request_id, client_request_id from access_events where request_id in (${ownId}, ${forged})`.execute(hub.database.db);
    expect(rows).toEqual([{ request_id: ownId, client_request_id: forged }]);
    const problem = (await res.json()) as { requestId: string };
    expect(problem.requestId).toBe(ownId);
  });

  it('keeps no request id that could forge log lines, or that is too long', async () => {
    for (const bad of ['abc"} {"level":"fatal"', 'with space', 'x'.repeat(129)]) {
      const res = await hub.call('GET', '/healthz', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('x-client-request-id')).toBeNull();
    }
  });
});

describe('logs', () => {
  it('carry the request id and never a password, secret, token or name', async () => {
    hub.logs.length = 0;
    const login = await hub.call('POST', '/oauth/token', {
      json: { grant_type: 'password', agency: 'iom', username: 'caseworker', password: DEMO_PASSWORD },
      headers: { 'x-request-id': 'log-check-1' },
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const admin = await hub.tokenFor('iom', 'admin');
    await hub.call('POST', '/v1/users', { token: admin, json: { username: 'joana.mucavele', displayName: 'Joana Mucavele', password: 'joanas-secret-password', roles: ['caseworker'] } });
    await hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: 'iom', username: 'joana.mucavele', password: 'a-wrong-password-here' } });
    const client = (await (await hub.call('POST', '/v1/api-clients', { token: admin, json: { name: 'Logger check', roles: ['caseworker'] } })).json()) as { clientSecret: string };
    await hub.call('GET', '/v1/me', { token });

    const text = hub.logs.join('');
    expect(text).toContain('"clientRequestId":"log-check-1"');
    for (const secret of [DEMO_PASSWORD, token, admin, 'joanas-secret-password', 'a-wrong-password-here', client.clientSecret, 'Joana Mucavele', 'joana.mucavele'])
      expect(text).not.toContain(secret);
    for (const line of hub.logs) {
      const entry = JSON.parse(line) as { msg: string; requestId?: string };
      if (entry.msg === 'request') expect(entry.requestId).toBeTruthy();
    }
  });
});

describe('security headers', () => {
  it('marks responses not to be cached or sniffed', async () => {
    const res = await hub.call('GET', '/v1/me', { token: await hub.tokenFor('iom', 'caseworker') });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
