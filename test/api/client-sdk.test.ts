import { createPonteClient, unwrap } from '@ponte/client';
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
  });
});
