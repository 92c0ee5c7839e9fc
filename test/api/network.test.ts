import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

let hub: TestHub;
let operator: string;

beforeAll(async () => {
  hub = await createTestHub();
  operator = await hub.login(undefined, 'operator');
});
afterAll(() => hub?.close());

const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;

/** The operator makes the agency's administrator, who sets a password with the one-time code. */
async function activatedAdministrator(slug: string, password: string): Promise<Response> {
  const made = await hub.call('POST', `/v1/agencies/${slug}/administrators`, { token: operator, json: { username: 'boss', displayName: 'Administrator' } });
  expect(made.status).toBe(201);
  const { oneTimeCode } = await json(made);
  expect((await hub.call('POST', '/account/activate', { json: { agency: slug, username: 'boss', code: oneTimeCode, newPassword: password } })).status).toBe(200);
  return hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: slug, username: 'boss', password } });
}

describe('the demo network', () => {
  it('holds the eight agencies, each with services, and the agreements between them', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const page = await json(await hub.call('GET', '/v1/agencies?limit=200', { token }));
    expect(page.items.map((a: { slug: string }) => a.slug).sort()).toEqual(
      ['caminho-seguro', 'casa-esperanca', 'iom', 'mgcas', 'pgr', 'senami', 'unhcr', 'unicef'],
    );
    for (const agency of page.items) expect(agency.services.length).toBeGreaterThan(0);
    const agreements = await json(await hub.call('GET', '/v1/agreements?limit=200', { token: operator }));
    expect(agreements.items.length).toBeGreaterThanOrEqual(10);
    expect(agreements.items.some((a: { inForce: boolean }) => !a.inForce)).toBe(true);
  });

  it('pages through agencies with a cursor, without repeats', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ slug: string }>; nextCursor: string | null } = await json(
        await hub.call('GET', `/v1/agencies?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token }),
      );
      seen.push(...page.items.map((a) => a.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen.length).toBeGreaterThanOrEqual(8);
  });
});

describe('paging agreements', () => {
  it('returns every agreement once, even when many share a creation instant', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = await json(
        await hub.call('GET', `/v1/agreements?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: operator }),
      );
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await json(await hub.call('GET', '/v1/agreements?limit=200', { token: operator }));
    expect(seen.length).toBe(all.items.length);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('the service directory', () => {
  it('finds the agencies offering a service in a province', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const found = await json(await hub.call('GET', '/v1/directory?service=reintegration_economic&province=MZ-G', { token }));
    expect(found.items.map((a: { slug: string }) => a.slug)).toEqual(['caminho-seguro', 'iom']);
    const none = await json(await hub.call('GET', '/v1/directory?service=prosecution_support&province=MZ-A', { token }));
    expect(none.items).toEqual([]);
  });
});

describe('the hub operator', () => {
  it('adds an agency with its services and first administrator, who can then sign in and add users', async () => {
    const created = await hub.call('POST', '/v1/agencies', {
      token: operator,
      json: {
        slug: 'linha-fala',
        name: { en: 'Linha Fala Criança (fictional)', pt: 'Linha Fala Criança (fictícia)' },
        kind: 'civil_society',
        services: [{ service: 'psychosocial_support', province: 'MZ-S' }],
        // This agency asks no second factor of anyone (the default asks it of administrators and privacy officers).
        secondFactorRoles: [],
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v1/agencies/linha-fala');
    expect(await json(created)).toMatchObject({ slug: 'linha-fala', kind: 'civil_society', status: 'active', services: [{ service: 'psychosocial_support', province: 'MZ-S' }] });

    const login = await activatedAdministrator('linha-fala', 'a-long-enough-password');
    expect(login.status).toBe(200);
    const admin = (await json(login)).access_token as string;
    const user = await hub.call('POST', '/v1/users', {
      token: admin,
      json: { username: 'helena', displayName: 'Helena', password: 'another-long-password', roles: ['caseworker', 'intake_focal_point'] },
    });
    expect(user.status).toBe(201);
    expect(await json(user)).toMatchObject({ agency: 'linha-fala', username: 'helena', roles: ['caseworker', 'intake_focal_point'], status: 'active' });

    const again = await hub.call('POST', '/v1/users', { token: admin, json: { username: 'helena', displayName: 'H', password: 'another-long-password', roles: ['caseworker'] } });
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: 'conflict', errors: [{ field: 'username', check: 'unique' }] });

    const duplicate = await hub.call('POST', '/v1/agencies', { token: operator, json: { slug: 'linha-fala', name: { en: 'X', pt: 'X' }, kind: 'government' } });
    expect(duplicate.status).toBe(409);
    expect(await json(duplicate)).toMatchObject({ code: 'conflict', errors: [{ field: 'slug', check: 'unique' }] });
  });

  it('creates an agency with the longest slug, whose caseworkers can register subjects', async () => {
    const slug = 'a'.repeat(39) + 'z';
    const created = await hub.call('POST', '/v1/agencies', {
      token: operator,
      json: { slug, name: { en: 'Long', pt: 'Longa' }, kind: 'civil_society', secondFactorRoles: [] },
    });
    expect(created.status).toBe(201);
    const admin = (await json(await activatedAdministrator(slug, 'a-long-enough-password'))).access_token;
    await hub.call('POST', '/v1/users', { token: admin, json: { username: 'worker', displayName: 'W', password: 'another-long-password', roles: ['caseworker'] } });
    const caseworker = (await json(await hub.call('POST', '/oauth/token', { json: { grant_type: 'password', agency: slug, username: 'worker', password: 'another-long-password' } }))).access_token;
    const subject = await hub.call('POST', '/v1/subjects', { token: caseworker, json: { identity: { givenName: 'X', familyName: 'Y', estimatedAge: 30, sex: 'unknown', languages: ['pt'] } } });
    expect(subject.status).toBe(201);
    expect((await json(subject)).reference).toMatch(/^A{12}-[0-9A-F]{10}$/);
  });

  it('sets the services an agency offers, and the directory follows', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const set = await hub.call('PUT', '/v1/agencies/caminho-seguro/services', { token: operator, json: { services: [{ service: 'legal_aid', province: 'MZ-G' }] } });
    expect(set.status).toBe(200);
    const found = await json(await hub.call('GET', '/v1/directory?service=reintegration_economic&province=MZ-G', { token }));
    expect(found.items.map((a: { slug: string }) => a.slug)).toEqual(['iom']);
  });

  it('records an agreement that both parties see and no one else does, and terminates it', async () => {
    const created = await hub.call('POST', '/v1/agreements', {
      token: operator,
      json: { from: 'senami', to: 'unicef', purposes: ['documentation_status'], categories: ['identity', 'legal'], validFrom: '2026-01-01', validUntil: '2030-12-31', documentRef: 'DSA-SENAMI-UNICEF-2026' },
    });
    expect(created.status).toBe(201);
    const agreement = await json(created);
    expect(agreement).toMatchObject({ from: 'senami', to: 'unicef', status: 'active', inForce: true, terminatedAt: null });

    for (const agency of ['senami', 'unicef']) {
      const res = await hub.call('GET', `/v1/agreements/${agreement.id}`, { token: await hub.tokenFor(agency, 'caseworker') });
      expect(res.status).toBe(200);
    }
    const outsider = await hub.call('GET', `/v1/agreements/${agreement.id}`, { token: await hub.tokenFor('iom', 'admin') });
    expect(outsider.status).toBe(404);
    const outsiderList = await json(await hub.call('GET', '/v1/agreements?limit=200', { token: await hub.tokenFor('pgr', 'caseworker') }));
    expect(outsiderList.items.map((a: { id: string }) => a.id)).not.toContain(agreement.id);
    for (const a of outsiderList.items) expect([a.from, a.to]).toContain('pgr');

    const byCaseworker = await hub.call('POST', `/v1/agreements/${agreement.id}/terminate`, { token: await hub.tokenFor('senami', 'admin'), json: { reason: 'no' } });
    expect(byCaseworker.status).toBe(403);

    const ended = await hub.call('POST', `/v1/agreements/${agreement.id}/terminate`, { token: operator, json: { reason: 'Superseded by the 2027 agreement' } });
    expect(ended.status).toBe(200);
    expect(await json(ended)).toMatchObject({ status: 'terminated', inForce: false });
    const twice = await hub.call('POST', `/v1/agreements/${agreement.id}/terminate`, { token: operator, json: { reason: 'again' } });
    expect(twice.status).toBe(409);

    const inForce = await json(await hub.call('GET', '/v1/agreements?agency=senami&inForce=true&limit=200', { token: operator }));
    expect(inForce.items.map((a: { id: string }) => a.id)).not.toContain(agreement.id);
  });

  it("cannot read an agency's users or API clients", async () => {
    for (const path of ['/v1/users', '/v1/api-clients']) {
      const res = await hub.call('GET', path, { token: operator });
      expect(res.status).toBe(403);
    }
  });
});

describe('need-to-know on accounts', () => {
  it('lets an agency administrator list and read only their own agency\'s users', async () => {
    const admin = await hub.tokenFor('unhcr', 'admin');
    const users = await json(await hub.call('GET', '/v1/users?limit=200', { token: admin }));
    expect(users.items.length).toBeGreaterThan(0);
    expect(users.items.every((u: { agency: string }) => u.agency === 'unhcr')).toBe(true);

    const iomUser = await json(await hub.call('GET', '/v1/me', { token: await hub.tokenFor('iom', 'caseworker') }));
    const foreign = await hub.call('GET', `/v1/users/${iomUser.id}`, { token: admin });
    expect(foreign.status).toBe(404);
    const disableForeign = await hub.call('POST', `/v1/users/${iomUser.id}/disable`, { token: admin });
    expect(disableForeign.status).toBe(404);
    expect((await hub.call('GET', '/v1/me', { token: await hub.tokenFor('iom', 'caseworker') })).status).toBe(200);
  });

  it('keeps caseworkers out of account management, and lets them read only themselves', async () => {
    const caseworker = await hub.tokenFor('unhcr', 'caseworker');
    expect((await hub.call('GET', '/v1/users', { token: caseworker })).status).toBe(403);
    expect((await hub.call('POST', '/v1/users', { token: caseworker, json: { username: 'sneaky', displayName: 'S', password: 'long-enough-pass', roles: ['agency_admin'] } })).status).toBe(403);
    expect((await hub.call('POST', '/v1/api-clients', { token: caseworker, json: { name: 'x', roles: ['caseworker'] } })).status).toBe(403);
    expect((await hub.call('POST', '/v1/agencies', { token: caseworker, json: { slug: 'mine', name: { en: 'M', pt: 'M' }, kind: 'civil_society' } })).status).toBe(403);
    expect((await hub.call('POST', '/v1/agreements', { token: caseworker, json: { from: 'unhcr', to: 'iom', purposes: ['medical_care'], categories: ['health'], validFrom: '2026-01-01', validUntil: '2026-12-31', documentRef: 'X' } })).status).toBe(403);

    const me = await json(await hub.call('GET', '/v1/me', { token: caseworker }));
    expect((await hub.call('GET', `/v1/users/${me.id}`, { token: caseworker })).status).toBe(200);
    const colleague = await json(await hub.call('GET', '/v1/me', { token: await hub.tokenFor('unhcr', 'supervisor') }));
    expect((await hub.call('GET', `/v1/users/${colleague.id}`, { token: caseworker })).status).toBe(404);
  });

  it('does not let an administrator lock themselves out', async () => {
    const admin = await hub.tokenFor('pgr', 'admin');
    const me = await json(await hub.call('GET', '/v1/me', { token: admin }));
    expect((await hub.call('POST', `/v1/users/${me.id}/disable`, { token: admin })).status).toBe(409);
  });

  it('shows an API client secret once and keeps only its hash', async () => {
    const admin = await hub.tokenFor('unicef', 'admin');
    const created = await json(await hub.call('POST', '/v1/api-clients', { token: admin, json: { name: 'Primero integration', roles: ['caseworker'] } }));
    expect(created.clientId).toMatch(/^unicef\./);
    expect(created.clientSecret.length).toBeGreaterThanOrEqual(40);
    const listed = await hub.call('GET', '/v1/api-clients?limit=200', { token: admin });
    const text = await listed.text();
    expect(text).toContain(created.clientId);
    expect(text).not.toContain(created.clientSecret);
  });
});
