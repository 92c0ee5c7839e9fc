import { calendarDate, hubTime } from '@ponte/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/** Figures the console shows (the access chart, the home page's): counted by the database, logged once. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

const eventCount = async () => (await sql<{ n: number }>`select count(*)::int as n from access_events`.execute(hub.database.db)).rows[0]!.n;

describe('the access chart', () => {
  it('counts each day’s accesses per agency and decision in one query, and writes one access event per view', async () => {
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    const created = await hub.call('POST', '/v1/subjects', { token: caseworker, json: { identity: { givenName: 'Rui', familyName: 'Macuácua', dateOfBirth: '1988-04-04', sex: 'male', languages: ['pt'] } } });
    expect(created.status).toBe(201);
    const subjectId = ((await created.json()) as { id: string }).id;
    for (let i = 0; i < 3; i++) expect((await hub.call('GET', `/v1/subjects/${subjectId}`, { token: caseworker })).status).toBeLessThan(500);
    // A colleague without need-to-know is refused: a denial in IOM's log.
    expect(404).toBe((await hub.call('GET', `/v1/subjects/${subjectId}`, { token: await hub.tokenFor('iom', 'caseworker2') })).status);

    const officer = await consoleClient(hub, 'iom', 'privacy');
    const iom = (await sql<{ id: string }>`select id from agencies where slug = 'iom'`.execute(hub.database.db)).rows[0]!.id;
    const today = calendarDate(new Date());
    const { rows } = await sql<{ decision: string; n: number }>`
      select decision, count(*)::int as n from access_events
      where (agency_id = ${iom} or owning_agency_id = ${iom}) and occurred_at >= ${hubTime(today)}::timestamptz
      group by decision`.execute(hub.database.db);
    const allowed = rows.find((r) => r.decision === 'allow')?.n ?? 0;
    const denied = rows.find((r) => r.decision === 'deny')?.n ?? 0;
    expect(allowed).toBeGreaterThan(0);
    expect(denied).toBeGreaterThan(0);

    const before = await eventCount();
    const chart = await officer.get('/console/access-log/chart');
    expect(chart.status).toBe(200);
    expect(await eventCount()).toBe(before + 1);
    const logged = await sql<{ action: string; rule: string }>`select action, rule from access_events order by occurred_at desc, id desc limit 1`.execute(hub.database.db);
    expect(logged.rows[0]).toMatchObject({ action: 'count', rule: 'privacy_officer.review' });
    // Today's row of the table by decision: allowed, then denied; and by agency, all IOM's here.
    expect(chart.html).toMatch(new RegExp(`<th scope="row">${today}</th><td>${allowed}</td><td>${denied}</td>`));
    expect(chart.html).toMatch(new RegExp(`<th scope="row">${today}</th><td>${allowed + denied}</td></tr>`));

    // Only a privacy officer may count.
    expect((await (await consoleClient(hub, 'iom', 'caseworker')).get('/console/access-log/chart')).status).toBe(403);
  });
});

describe('the home page’s figures', () => {
  it('counts the people a caseworker works with in the database, without an access event per person', async () => {
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    for (const givenName of ['Ana', 'Bela', 'Carla'])
      expect((await hub.call('POST', '/v1/subjects', { token: caseworker, json: { identity: { givenName, familyName: 'Tembe', dateOfBirth: '1995-01-01', sex: 'female', languages: ['pt'] } } })).status).toBe(201);
    const listed = (await (await hub.call('GET', '/v1/subjects?limit=200', { token: caseworker })).json()) as { items: unknown[] };
    const client = await consoleClient(hub, 'iom', 'caseworker');
    const subjectEvents = async () => (await sql<{ n: number }>`select count(*)::int as n from access_events where resource = 'Subject' and resource_id is not null`.execute(hub.database.db)).rows[0]!.n;
    const before = { all: await eventCount(), perSubject: await subjectEvents() };
    const home = await client.get('/console');
    expect(home.status).toBe(200);
    expect(home.html).toMatch(new RegExp(`<strong>${listed.items.length}</strong></a>[^<]*people you work with`));
    // No subject is read for the figure: one event for the count and one for each referral figure
    // (assigned and open, sent and open, received and overdue, sent and overdue).
    expect(await subjectEvents()).toBe(before.perSubject);
    expect((await eventCount()) - before.all).toBe(5);
  });
});

describe('the home page’s referral figures', () => {
  it('count in the database exactly the received referrals the inbox lists, for each reader', async () => {
    const iom = await hub.tokenFor('iom', 'caseworker');
    const caseworkerId = ((await (await hub.call('GET', '/v1/me', { token: await hub.tokenFor('mgcas', 'caseworker') })).json()) as { id: string }).id;
    const sent: string[] = [];
    for (const givenName of ['Dina', 'Eva', 'Filipa', 'Gina']) {
      const subject = await hub.call('POST', '/v1/subjects', { token: iom, json: { identity: { givenName, familyName: 'Cossa', dateOfBirth: '2012-03-03', sex: 'female', languages: ['pt'] } } });
      const subjectId = ((await subject.json()) as { id: string }).id;
      const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token: iom, json: guardianConsent('mgcas', `Mãe de ${givenName}`) });
      const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
      const referral = await hub.call('POST', '/v1/referrals', {
        token: iom,
        json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'routine', categories: ['identity', 'location'] },
      });
      expect(referral.status).toBe(201);
      sent.push(((await referral.json()) as { id: string }).id);
    }
    const focal = await hub.tokenFor('mgcas', 'focal-point');
    for (const id of sent.slice(0, 2))
      expect((await hub.call('POST', `/v1/referrals/${id}/accept`, { token: focal, json: { assigneeId: caseworkerId } })).status).toBe(200);

    const figure = (html: string, words: string) => Number(new RegExp(`<strong>(\\d+)</strong></a>${words}`).exec(html)?.[1]);
    const inbox = async (username: string) =>
      ((await (await hub.call('GET', '/v1/referrals?box=inbox&limit=200', { token: await hub.tokenFor('mgcas', username) })).json()) as { items: Array<{ status: string; assigneeId: string | null }> }).items;

    const focalHome = (await (await consoleClient(hub, 'mgcas', 'focal-point')).get('/console')).html;
    const awaiting = (await inbox('focal-point')).filter((r) => r.status === 'sent').length;
    expect(awaiting).toBeGreaterThanOrEqual(2);
    expect(figure(focalHome, 'incoming referrals await triage')).toBe(awaiting);

    for (const username of ['caseworker', 'caseworker2', 'supervisor']) {
      const me = ((await (await hub.call('GET', '/v1/me', { token: await hub.tokenFor('mgcas', username) })).json()) as { id: string }).id;
      const home = (await (await consoleClient(hub, 'mgcas', username)).get('/console')).html;
      const assigned = (await inbox(username)).filter((r) => r.assigneeId === me && ['sent', 'accepted', 'in_progress'].includes(r.status)).length;
      expect(figure(home, 'referrals assigned to you are open')).toBe(assigned);
      if (username === 'caseworker') expect(assigned).toBe(2);
    }
  });
});

describe('the home page by what the policy lets each person do', () => {
  const figure = (html: string, words: string) => Number(new RegExp(`<strong>(\\d+)</strong></a>${words}`).exec(html)?.[1]);

  it('gives a supervisor, who may triage what the agency received, the inbox and its figure', async () => {
    const home = (await (await consoleClient(hub, 'mgcas', 'supervisor')).get('/console')).html;
    expect(home).toContain('href="/console/referrals/incoming"');
    const awaiting = ((await (await hub.call('GET', '/v1/referrals?box=inbox&status=sent&limit=200', { token: await hub.tokenFor('mgcas', 'supervisor') })).json()) as { items: unknown[] }).items.length;
    expect(figure(home, 'incoming referrals? awaits? triage')).toBe(awaiting);
    // A caseworker may not triage: no inbox, no figure.
    const caseworker = (await (await consoleClient(hub, 'mgcas', 'caseworker')).get('/console')).html;
    expect(caseworker).not.toContain('href="/console/referrals/incoming"');
    expect(caseworker).not.toMatch(/await triage/);
  });

  it('counts the open referrals each sender may read, as its outbox lists them', async () => {
    for (const username of ['caseworker', 'caseworker2', 'supervisor']) {
      const outbox = ((await (await hub.call('GET', '/v1/referrals?box=outbox&limit=200', { token: await hub.tokenFor('iom', username) })).json()) as { items: Array<{ status: string }> }).items;
      const open = outbox.filter((r) => ['draft', 'sent', 'accepted', 'in_progress'].includes(r.status)).length;
      const home = (await (await consoleClient(hub, 'iom', username)).get('/console')).html;
      expect(figure(home, 'referrals? you sent (?:is|are) open')).toBe(open);
      if (username === 'caseworker') expect(open).toBeGreaterThan(0);
    }
  });

  it('counts an administrator’s active users and an officer’s unreviewed flags, and shows neither to a caseworker', async () => {
    const users = ((await (await hub.call('GET', '/v1/users?limit=200', { token: await hub.tokenFor('iom', 'admin') })).json()) as { items: Array<{ status: string }> }).items;
    const admin = (await (await consoleClient(hub, 'iom', 'admin')).get('/console')).html;
    expect(figure(admin, 'active users? in your agency')).toBe(users.filter((u) => u.status === 'active').length);
    const flags = ((await (await hub.call('GET', '/v1/access-flags', { token: await hub.tokenFor('iom', 'privacy') })).json()) as { items: Array<{ reviews: unknown[] }> }).items;
    const officer = (await (await consoleClient(hub, 'iom', 'privacy')).get('/console')).html;
    expect(figure(officer, 'flags? in the last 7 days')).toBe(flags.filter((f) => f.reviews.length === 0).length);
    const caseworker = (await (await consoleClient(hub, 'iom', 'caseworker')).get('/console')).html;
    expect(caseworker).not.toContain('href="/console/admin/users"');
    expect(caseworker).not.toContain('href="/console/access-log/flags"');
  });
});
