import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient } from '../browser/console-client';
import { createTestHub, type TestHub } from '../support/hub';

/** One-time codes: shown once, work once, expire, and a refused use changes nothing. */
let hub: TestHub;
let clock = Date.now();
beforeAll(async () => {
  hub = await createTestHub({ now: () => new Date(clock) });
});
afterAll(() => hub?.close());

const activate = (username: string, code: string, newPassword = 'a fresh passphrase') =>
  hub.call('POST', '/account/activate', { json: { agency: 'iom', username, code, newPassword } });
const statusOf = async (username: string) => (await hub.database.db.selectFrom('users').select('status').where('username', '=', username).executeTakeFirstOrThrow()).status;

describe('one-time codes', () => {
  it('an expired code is refused as expired and changes nothing; a fresh one from a reset works once', async () => {
    const admin = await hub.tokenFor('iom', 'admin');
    const made = await hub.call('POST', '/v1/users', { token: admin, json: { username: 'late.starter', displayName: 'Late Starter', roles: ['caseworker'] } });
    expect(made.status).toBe(201);
    const { id, oneTimeCode } = (await made.json()) as { id: string; oneTimeCode: string };

    clock += 73 * 3_600_000;
    const expired = await activate('late.starter', oneTimeCode);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ code: 'invalid_grant', errors: [{ field: 'code', check: 'expired' }] });
    expect(await statusOf('late.starter')).toBe('pending');
    clock = Date.now();

    // A wrong code says nothing about whether the account exists.
    const wrong = await activate('late.starter', 'AAAAA-BBBBB-CCCCC-DDDDD');
    const nobody = await activate('nobody.here', 'AAAAA-BBBBB-CCCCC-DDDDD');
    expect(await wrong.json()).toMatchObject({ errors: [{ field: 'code', check: 'invalid' }] });
    const detail = async (res: Response) => ((await res.json()) as { detail: string }).detail;
    expect(await detail(nobody)).toBe(await detail(await activate('late.starter', 'AAAAA-BBBBB-CCCCC-DDDDD')));

    const reset = await hub.call('POST', `/v1/users/${id}/reset`, { token: await hub.tokenFor('iom', 'admin'), json: {} });
    expect(reset.status).toBe(200);
    const fresh = ((await reset.json()) as { oneTimeCode: string }).oneTimeCode;
    // Typed loosely (lower case, spaces for dashes) it still counts; the old code does not.
    expect((await activate('late.starter', oneTimeCode)).status).toBe(400);
    expect((await activate('late.starter', fresh.toLowerCase().replaceAll('-', ' '))).status).toBe(200);
    expect(await statusOf('late.starter')).toBe('active');
    expect((await activate('late.starter', fresh, 'yet another passphrase')).status).toBe(400);
  });

  it('a disabled account cannot be activated or reset', async () => {
    const admin = await hub.tokenFor('iom', 'admin');
    const made = (await (await hub.call('POST', '/v1/users', { token: admin, json: { username: 'gone.soon', displayName: 'Gone Soon', roles: ['caseworker'] } })).json()) as { id: string; oneTimeCode: string };
    expect((await hub.call('POST', `/v1/users/${made.id}/disable`, { token: admin })).status).toBe(200);
    expect((await activate('gone.soon', made.oneTimeCode)).status).toBe(400);
    expect((await hub.call('POST', `/v1/users/${made.id}/reset`, { token: admin, json: {} })).status).toBe(409);
    expect(await statusOf('gone.soon')).toBe('disabled');
  });

  it('ends the person’s console sessions when the password is reset or changed', async () => {
    const session = await consoleClient(hub, 'iom', 'caseworker2');
    expect((await session.get('/console')).status).toBe(200);
    const admin = await hub.tokenFor('iom', 'admin');
    const me = (await (await hub.call('GET', '/v1/me', { token: await hub.tokenFor('iom', 'caseworker2') })).json()) as { id: string };
    const reset = (await (await hub.call('POST', `/v1/users/${me.id}/reset`, { token: admin, json: {} })).json()) as { oneTimeCode: string };
    const after = await session.get('/console');
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/\/console\/sign-in/);
    expect((await activate('caseworker2', reset.oneTimeCode, 'her own passphrase now')).status).toBe(200);
  });
});
