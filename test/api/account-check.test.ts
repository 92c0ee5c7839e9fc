import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, principalTokens, TABLE, type Fixture } from '../security/access-matrix';
import { agencyIdOf } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * The account behind a token is checked on every request, inside the request's first unit of work
 * (in the round trip that opens it) or, for a request that opens none, before it answers. Generated
 * over every route of the access matrix: a token whose account is disabled, unknown or of a
 * suspended agency, claiming every role, is refused 401 `inactive` on each, and nothing is written
 * (no record, no event, no access event), whatever the route would have done.
 */
let hub: TestHub;
let f: Fixture;
const ALL_ROLES = ['caseworker', 'supervisor', 'intake_focal_point', 'privacy_officer', 'agency_admin', 'child_protection'];

const counts = async () =>
  (
    await sql<{ s: string }>`
    select concat_ws(',', (select count(*) from agencies), (select count(*) from agreements), (select count(*) from users), (select count(*) from api_clients),
      (select count(*) from subjects), (select sum(version) from subjects), (select count(*) from consents), (select count(*) from consent_withdrawals),
      (select count(*) from referrals), (select sum(version) from referrals), (select count(*) from webhook_endpoints), (select count(*) from access_reviews),
      (select count(*) from break_glass_grants), (select count(*) from events), (select count(*) from access_events), (select count(*) from log_verifications),
      (select count(*) from log_witness_keys), (select count(*) from idempotency_keys)) as s`.execute(hub.database.db)
  ).rows[0]!.s;

beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 1_000_000 });
  const tokens = await principalTokens(hub);
  f = await fixture(hub, tokens, '2099-01-01T00:00:00Z');
});
afterAll(() => hub?.close());

const routes = Object.entries(TABLE).filter(([, row]) => !row.skip && row.ok !== 'everyone');

describe('a token whose account no longer holds', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    [
      'a disabled user',
      async () => {
        const admin = await hub.tokenFor('iom', 'admin');
        const created = await hub.call('POST', '/v1/users', { token: admin, json: { username: `gone-${randomUUID().slice(0, 8)}`, displayName: 'Gone', password: 'a-long-enough-password', roles: ['caseworker'] } });
        expect(created.status).toBe(201);
        const { id } = (await created.json()) as { id: string };
        expect((await hub.call('POST', `/v1/users/${id}/disable`, { token: admin })).status).toBe(200);
        return hub.tokens.issue({ kind: 'user', sub: id, agencyId: await agencyIdOf(hub.database.db, 'iom'), roles: ALL_ROLES });
      },
    ],
    ['an unknown API client', async () => hub.tokens.issue({ kind: 'client', sub: randomUUID(), clientId: 'iom.ghost', agencyId: await agencyIdOf(hub.database.db, 'iom'), roles: ALL_ROLES })],
    ['an unknown hub operator', async () => hub.tokens.issue({ kind: 'hub_operator', sub: randomUUID(), roles: ['hub_operator'] })],
  ];

  it.each(cases)('%s is refused 401 inactive on every route, and nothing is written', async (_name, tokenOf) => {
    const token = await tokenOf();
    const before = await counts();
    const answers: Array<{ route: string; status: number; reason?: string }> = [];
    for (const [route, row] of routes) {
      const [method, template] = route.split(' ') as [string, string];
      const path = row.path ? row.path(f) : template;
      const res = await hub.call(method, path, { token, ...(method === 'GET' || method === 'DELETE' ? {} : { json: row.body ? row.body(f) : {} }) });
      const body = (await res.json().catch(() => ({}))) as { reason?: string };
      answers.push({ route, status: res.status, reason: body.reason });
    }
    expect(answers.filter((a) => a.status !== 401 || a.reason !== 'inactive')).toEqual([]);
    expect(answers.length).toBeGreaterThan(40);
    expect(await counts()).toBe(before);
  });

  it('is refused even where the hub would refuse the request\'s input or its record first', async () => {
    const token = await cases[0]![1]();
    const before = await counts();
    // Not valid input: the hub would answer 400 before any unit of work; the account still answers first.
    const invalid = await hub.call('POST', '/v1/subjects', { token, json: { identity: 'not a person' } });
    expect({ status: invalid.status, reason: ((await invalid.json()) as { reason?: string }).reason }).toEqual({ status: 401, reason: 'inactive' });
    const unknown = await hub.call('GET', `/v1/referrals/${randomUUID()}`, { token });
    expect(unknown.status).toBe(401);
    expect(await counts()).toBe(before);
  });
});
