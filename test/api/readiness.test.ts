import { sealLog } from '@ponte/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/** `/readyz` means something: it fails while the access log is not being sealed, and `/healthz` stays liveness only. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ maxSealLagSeconds: 1 });
  await sealLog({ db: hub.database.db, tokens: hub.tokens });
});
afterAll(() => hub?.close());

describe('readiness', () => {
  it('fails once the oldest unsealed access event waits longer than allowed, and recovers when it is sealed', async () => {
    expect((await hub.app.request('/readyz')).status).toBe(200);
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    expect((await hub.call('GET', '/v1/subjects', { token: caseworker })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    const behind = await hub.app.request('/readyz');
    expect(behind.status).toBe(503);
    expect(await behind.json()).toMatchObject({ code: 'not_ready', detail: expect.stringMatching(/has not been sealed for \d+ s \(at most 1 s\)/) });
    // Liveness does not care: the process answers.
    expect((await hub.app.request('/healthz')).status).toBe(200);
    await sealLog({ db: hub.database.db, tokens: hub.tokens });
    expect((await hub.app.request('/readyz')).status).toBe(200);
  });
});
