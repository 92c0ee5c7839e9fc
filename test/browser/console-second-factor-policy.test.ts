import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient } from './console-client';

/** The hub operator sets, in the console, which of an agency's roles must sign in with a second factor. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

describe('an agency’s second-factor policy in the console', () => {
  it('shows the roles ticked as the agency has them, and saves what the operator ticks', async () => {
    const operator = await consoleClient(hub, undefined, 'operator');
    const page = await operator.get('/console/operator/agencies/casa-esperanca/second-factor');
    expect(page.status).toBe(200);
    expect(page.html).not.toMatch(/name="secondFactorRoles" value="agency_admin" checked/);
    const saved = await operator.post('/console/operator/agencies/casa-esperanca/second-factor', { secondFactorRoles: ['agency_admin', 'privacy_officer'] });
    expect(saved.status).toBe(303);
    const agency = (await (await hub.call('GET', '/v1/agencies/casa-esperanca', { token: await hub.tokenFor('iom', 'caseworker') })).json()) as { secondFactorRoles: string[] };
    expect(agency.secondFactorRoles).toEqual(['agency_admin', 'privacy_officer']);
    expect((await operator.get('/console/operator/agencies/casa-esperanca/second-factor')).html).toMatch(/value="agency_admin"[^>]*checked/);
    // The agency's people may not change it (its administrator, now, could not even sign in without a second factor).
    const caseworker = await consoleClient(hub, 'casa-esperanca', 'caseworker');
    expect((await caseworker.post('/console/operator/agencies/casa-esperanca/second-factor', { secondFactorRoles: [] })).status).toBe(403);
  });
});
