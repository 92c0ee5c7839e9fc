import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

const clientToken = (clientId: string, secret: string) =>
  hub.call('POST', '/oauth/token', {
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe("an API client's secret, rotated", () => {
  it('keeps the old secret working through the overlap, ends it at once with no overlap, and logs each rotation', async () => {
    const admin = await hub.tokenFor('iom', 'admin');
    const created = await hub.call('POST', '/v1/api-clients', { token: admin, json: { name: 'Case system', roles: ['intake_focal_point'] } });
    const client = (await created.json()) as { id: string; clientId: string; clientSecret: string };
    const first = client.clientSecret;

    const rotated = await hub.call('POST', `/v1/api-clients/${client.id}/secret`, { token: admin, json: { overlapHours: 2 } });
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as { clientSecret: string; previousSecretExpiresAt: string };
    expect(second.clientSecret).not.toBe(first);
    expect(Date.parse(second.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(7_000_000);
    // Both work during the overlap.
    expect((await clientToken(client.clientId, first)).status).toBe(200);
    expect((await clientToken(client.clientId, second.clientSecret)).status).toBe(200);

    // Rotated again with no overlap: only the newest works; the first is long gone.
    const third = (await (await hub.call('POST', `/v1/api-clients/${client.id}/secret`, { token: admin, json: { overlapHours: 0 } })).json()) as { clientSecret: string };
    expect((await clientToken(client.clientId, third.clientSecret)).status).toBe(200);
    expect((await clientToken(client.clientId, second.clientSecret)).status).toBe(401);
    expect((await clientToken(client.clientId, first)).status).toBe(401);

    // Bad input changes nothing; a revoked client gets no new secret.
    const tooLong = await hub.call('POST', `/v1/api-clients/${client.id}/secret`, { token: admin, json: { overlapHours: 1000 } });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ errors: [{ field: 'overlapHours', check: 'too_big' }] });
    expect((await clientToken(client.clientId, third.clientSecret)).status).toBe(200);
    await hub.call('POST', `/v1/api-clients/${client.id}/revoke`, { token: admin });
    expect((await hub.call('POST', `/v1/api-clients/${client.id}/secret`, { token: admin, json: {} })).status).toBe(409);

    const privacy = await hub.tokenFor('iom', 'privacy');
    const events = (await (await hub.call('GET', '/v1/access-events?resource=ApiClient&limit=50', { token: privacy })).json()) as { items: Array<{ rule: string; resourceId: string }> };
    expect(events.items.filter((e) => e.resourceId === client.id).map((e) => e.rule)).toEqual(['ApiClient.rotate_secret', 'ApiClient.rotate_secret']);
  });
});
