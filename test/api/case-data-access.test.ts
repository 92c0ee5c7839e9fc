import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * Every endpoint that reads or writes case data refuses another agency and a colleague
 * without need-to-know, changes nothing, and logs the denial with its rule.
 */
let hub: TestHub;
let owner: string;
let subjectId: string;
let consentId: string;

const tokens: Record<string, string> = {};

beforeAll(async () => {
  hub = await createTestHub();
  owner = await hub.tokenFor('iom', 'caseworker');
  tokens.otherAgency = await hub.tokenFor('unhcr', 'supervisor');
  tokens.colleague = await hub.tokenFor('iom', 'caseworker2');
  tokens.admin = await hub.tokenFor('iom', 'admin');
  tokens.operator = await hub.login(undefined, 'operator');
  const subject = await hub.call('POST', '/v1/subjects', {
    token: owner,
    json: { identity: { givenName: 'Célia', familyName: 'Nhantumbo', dateOfBirth: '1988-06-30', sex: 'female', languages: ['pt'] }, health: { medicalNeeds: ['prenatal care'], urgentCare: false } },
  });
  subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, {
    token: owner,
    json: { grantedBy: 'subject', method: 'thumbprint', language: 'pt', interpreterUsed: true, purposes: ['medical_care'], recipients: ['unhcr'], categories: ['identity', 'health'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86400_000).toISOString() },
  });
  consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
});
afterAll(() => hub?.close());

const endpoints = () => [
  { name: 'read a subject', method: 'GET', path: `/v1/subjects/${subjectId}` },
  { name: 'change a subject', method: 'PATCH', path: `/v1/subjects/${subjectId}`, json: { health: { medicalNeeds: ['none'], urgentCare: false } }, ifMatch: true },
  { name: 'reassign a subject', method: 'POST', path: `/v1/subjects/${subjectId}/assignment`, json: { assignedUserId: null, reason: 'taking over' }, ifMatch: true },
  { name: 'break the glass', method: 'POST', path: `/v1/subjects/${subjectId}/break-glass`, json: { justification: 'An emergency that is not really one at all' } },
  { name: "list a subject's consents", method: 'GET', path: `/v1/subjects/${subjectId}/consents` },
  {
    name: 'record a consent',
    method: 'POST',
    path: `/v1/subjects/${subjectId}/consents`,
    json: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['medical_care'], recipients: [], categories: ['legal'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86400_000).toISOString() },
  },
  { name: 'read a consent', method: 'GET', path: `/v1/consents/${consentId}` },
  { name: 'export a consent', method: 'GET', path: `/v1/consents/${consentId}/fhir` },
  { name: 'withdraw a consent', method: 'POST', path: `/v1/consents/${consentId}/withdraw`, json: { requestedBy: 'subject', method: 'written', reason: 'x' } },
];

async function snapshot() {
  const { rows } = await sql<{ state: string }>`
    select (select string_agg(id::text || version::text || coalesce(assigned_user_id::text, '-'), ',' order by id) from subjects)
        || '|' || (select count(*) from consents) || '|' || (select count(*) from consent_withdrawals) || '|' || (select count(*) from break_glass_grants) as state`.execute(hub.database.db);
  return rows[0]!.state;
}

describe.each([
  ['another agency', 'otherAgency', 'tenant_isolation'],
  ['a colleague without need-to-know', 'colleague', undefined],
  ['an agency administrator', 'admin', undefined],
])('%s', (_who, as, rule) => {
  // Breaking the glass is exactly what a colleague may do, in an emergency; it is tested on its own.
  const refused = endpoints().filter((e) => !(as === 'colleague' && e.name === 'break the glass'));
  it.each(refused.map((e) => [e.name, e] as const))('cannot %s', async (_name, endpoint) => {
    const endpointNow = endpoints().find((e) => e.name === endpoint.name)!;
    const before = await snapshot();
    const res = await hub.call(endpointNow.method, endpointNow.path, { token: tokens[as], ...(endpointNow.json ? { json: endpointNow.json } : {}), ...('ifMatch' in endpointNow ? { headers: { 'if-match': '*' } } : {}) });
    const requestId = res.headers.get('x-request-id')!;
    // None of them may know the subject exists: not found, by the one rule for refusals.
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain('Nhantumbo');
    if (rule) expect(JSON.parse(text)).toMatchObject({ rule });
    expect(await snapshot()).toBe(before);
    const { rows } = await sql<{ decision: string }>`select decision from access_events where request_id = ${requestId}`.execute(hub.database.db);
    expect(rows.map((r) => r.decision)).toContain('deny');
  });
});

describe('the hub operator', () => {
  it.each(endpoints().map((e) => [e.name, e] as const))('cannot %s', async (_name, endpoint) => {
    const endpointNow = endpoints().find((e) => e.name === endpoint.name)!;
    const res = await hub.call(endpointNow.method, endpointNow.path, { token: tokens.operator, ...(endpointNow.json ? { json: endpointNow.json } : {}), ...('ifMatch' in endpointNow ? { headers: { 'if-match': '*' } } : {}) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ rule: 'hub_operator.no_case_data' });
  });
});

describe('the owner', () => {
  it('can still do all of it afterwards (the refusals above were not for want of a subject)', async () => {
    const read = await hub.call('GET', `/v1/subjects/${subjectId}`, { token: owner });
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    const changed = await hub.call('PATCH', `/v1/subjects/${subjectId}`, { token: owner, json: { health: { medicalNeeds: ['prenatal care', 'anaemia'], urgentCare: false } }, headers: { 'if-match': etag } });
    expect(changed.status).toBe(200);
    const stale = await hub.call('PATCH', `/v1/subjects/${subjectId}`, { token: owner, json: { health: { medicalNeeds: ['x'], urgentCare: false } }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    // Recorded without a basis to read it back: the change is made, the category stays withheld.
    const outside = await hub.call('PATCH', `/v1/subjects/${subjectId}`, { token: owner, json: { legal: { legalStatus: 'refugee', documents: [] } }, headers: { 'if-match': '*' } });
    expect(outside.status).toBe(200);
    expect(((await outside.json()) as { access: { withheld: unknown[] } }).access.withheld).toContainEqual({ category: 'legal', rule: 'consent.absent' });
  });

  it('refuses the read when its access event cannot be written', async () => {
    await sql`create function refuse_event() returns trigger language plpgsql as $$ begin raise exception 'log unavailable'; end $$`.execute(hub.database.db);
    await sql`create trigger refuse_event before insert on access_events for each row execute function refuse_event()`.execute(hub.database.db);
    try {
      const res = await hub.call('GET', `/v1/subjects/${subjectId}`, { token: owner });
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('Nhantumbo');
    } finally {
      await sql`drop trigger refuse_event on access_events`.execute(hub.database.db);
      await sql`drop function refuse_event()`.execute(hub.database.db);
    }
    expect((await hub.call('GET', `/v1/subjects/${subjectId}`, { token: owner })).status).toBe(200);
  });
});
