import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate, type Purpose, type ServiceCode } from '@ponte/contracts';
import { flagOverdueReferrals } from '@ponte/core';
import { unwrap, type PonteClient } from '@ponte/client';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Response deadlines (issue 21, item 2) through the typed SDK, on both engines: a referral's
 * `respondBy` comes from its urgency (the defaults, or the agreement's response hours), fixed when
 * it is sent; past it a referral still `sent` is overdue to both sides and listed by
 * `overdue=true`; the worker's sweep tells both agencies once (`referral.overdue`, ids only); an
 * accepted referral is not overdue for its response, but is past the sender's due date; bad
 * response hours on an agreement are refused and nothing is written; the figures give hours to
 * accept and the overdue share by partner, small groups withheld.
 *
 * The hub's clock is the test's: moving it forward is how a deadline passes.
 */
const HOUR = 3_600_000;
const ref = (id: string) => ({ params: { path: { id } } });

describe.each(BOTH_ENGINES)('referral deadlines on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);
  const c: Record<string, PonteClient> = {};
  let operator: string;

  interface Terms {
    to: string;
    service: ServiceCode;
    purpose: Purpose;
    categories: Array<'identity' | 'contact' | 'location'>;
    urgency?: 'routine' | 'priority' | 'emergency';
    dueDate?: string;
  }
  const toCaminho: Terms = { to: 'caminho-seguro', service: 'reintegration_economic', purpose: 'return_reintegration', categories: ['identity', 'contact'] };

  let people = 0;
  async function sent(terms: Terms) {
    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: { identity: { givenName: `Person ${++people}`, familyName: 'Mondlane', dateOfBirth: '1990-05-01', sex: 'male', languages: ['pt'] }, contact: { phone: '+258845550101', safeToContact: true } },
      }),
    );
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: [terms.purpose], recipients: [terms.to], categories: terms.categories, legalBasis: 'consent', validUntil: new Date(Date.now() + 400 * 86400_000).toISOString() },
      }),
    );
    return unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: terms.to, subjectId: subject.id, consentId: consent.consent.id, service: terms.service, purpose: terms.purpose, urgency: terms.urgency ?? 'routine', categories: terms.categories, ...(terms.dueDate ? { dueDate: terms.dueDate } : {}) },
      }),
    );
  }

  const current = async (client: PonteClient, id: string) => unwrap(await client.api.GET('/v1/referrals/{id}', ref(id)));
  const overdueIds = async (client: PonteClient, box: 'inbox' | 'outbox', overdue: 'true' | 'false') =>
    unwrap(await client.api.GET('/v1/referrals', { params: { query: { box, overdue, limit: 200 } } })).items.map((r) => r.id);
  async function eventsOf(client: PonteClient, referralId: string, type: string) {
    const page = unwrap(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
    return page.items.filter((e) => e.referralId === referralId && e.type === type);
  }
  const agreementCount = async () => ((await (await hub.call('GET', '/v1/agreements?limit=200', { token: operator })).json()) as { items: unknown[] }).items.length;

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000, now });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['csFocal', 'caminho-seguro', 'focal-point'],
      ['ceFocal', 'casa-esperanca', 'focal-point'],
      ['senamiFocal', 'senami', 'focal-point'],
      ['unhcrFocal', 'unhcr', 'focal-point'],
      ['iomFocal', 'iom', 'focal-point'],
    ] as const)
      c[name] = hub.client(agency, user);
    operator = await hub.login(undefined, 'operator');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it.each([
    ['emergency', 24],
    ['priority', 72],
    ['routine', 240],
  ] as const)('a %s referral is to be answered %i hours after it is sent, by default', async (urgency, hours) => {
    const referral = await sent({ ...toCaminho, urgency });
    expect(referral).toMatchObject({ status: 'sent', overdue: false, overdueKind: null });
    expect(new Date(referral.respondBy!).getTime() - new Date(referral.sentAt!).getTime()).toBe(hours * HOUR);
    // The receiver sees the same deadline in its triage view.
    expect((await current(c.csFocal!, referral.id)).respondBy).toBe(referral.respondBy);
  });

  it('takes the response hours of the agreement it is sent under, and keeps them when the agreement changes later', async () => {
    const created = await hub.call('POST', '/v1/agreements', {
      token: operator,
      json: { from: 'iom', to: 'casa-esperanca', purposes: ['protection_assistance'], categories: ['identity', 'contact'], validFrom: '2026-01-01', validUntil: '2030-12-31', documentRef: 'DSA-IOM-CE-FAST', responseHours: { emergency: 2 } },
    });
    expect(created.status).toBe(201);
    const agreement = (await created.json()) as { id: string; responseHours: unknown };
    expect(agreement.responseHours).toEqual({ emergency: 2, priority: 72, routine: 240 });
    const referral = await sent({ to: 'casa-esperanca', service: 'shelter', purpose: 'protection_assistance', categories: ['identity', 'contact'], urgency: 'emergency' });
    expect(new Date(referral.respondBy!).getTime() - new Date(referral.sentAt!).getTime()).toBe(2 * HOUR);
    // The agreement ends; the deadline of the referral already sent stays as it was.
    expect((await hub.call('POST', `/v1/agreements/${agreement.id}/terminate`, { token: operator, json: { reason: 'Replaced' } })).status).toBe(200);
    expect((await current(c.iom!, referral.id)).respondBy).toBe(referral.respondBy);
  });

  it.each([
    [{ emergency: 0 }, 'emergency', 'too_small'],
    [{ routine: 2161 }, 'routine', 'too_big'],
    [{ priority: 1.5 }, 'priority', 'invalid_type'],
    [{ priority: '72' }, 'priority', 'invalid_type'],
    [{ weekly: 100 }, 'weekly', 'unrecognized_keys'],
  ] as const)('refuses response hours %j with a problem naming the field and the check, and records nothing', async (responseHours, field, check) => {
    const before = await agreementCount();
    const res = await hub.call('POST', '/v1/agreements', {
      token: operator,
      json: { from: 'iom', to: 'casa-esperanca', purposes: ['protection_assistance'], categories: ['identity'], validFrom: '2026-01-01', validUntil: '2030-12-31', documentRef: 'DSA-BAD', responseHours },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { errors: unknown[] };
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: `responseHours.${field}`, check }));
    expect(await agreementCount()).toBe(before);
  });

  it('past its response deadline a referral still sent is overdue to both sides, and both agencies are told once', async () => {
    const late = await sent({ ...toCaminho, urgency: 'emergency' });
    const answered = await sent({ ...toCaminho, urgency: 'emergency' });
    const waiting = await sent({ ...toCaminho, urgency: 'routine' });
    unwrap(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(answered.id), body: {} }));
    ahead += 25 * HOUR;
    try {
      for (const [client, box] of [
        [c.iom!, 'outbox'],
        [c.csFocal!, 'inbox'],
      ] as const) {
        expect(await current(client, late.id)).toMatchObject({ overdue: true, overdueKind: 'response', respondBy: late.respondBy });
        expect(await current(client, answered.id)).toMatchObject({ status: 'accepted', overdue: false, overdueKind: null });
        expect(await current(client, waiting.id)).toMatchObject({ overdue: false });
        const overdue = await overdueIds(client, box, 'true');
        expect(overdue).toContain(late.id);
        expect(overdue).not.toContain(answered.id);
        expect(overdue).not.toContain(waiting.id);
        const notOverdue = await overdueIds(client, box, 'false');
        expect(notOverdue).not.toContain(late.id);
        expect(notOverdue).toEqual(expect.arrayContaining([answered.id, waiting.id]));
      }

      // The worker's sweep tells both agencies, once however often it runs.
      expect(await flagOverdueReferrals({ db: hub.database.db, now: now() })).toBeGreaterThanOrEqual(1);
      await flagOverdueReferrals({ db: hub.database.db, now: now() });
      for (const client of [c.iom!, c.csFocal!]) {
        const events = await eventsOf(client, late.id, 'referral.overdue');
        expect(events).toHaveLength(1);
        expect(events[0]!.data).toEqual({ referralId: late.id, status: 'sent', version: late.version, service: 'reintegration_economic', urgency: 'emergency', kind: 'response', deadline: late.respondBy });
        expect(await eventsOf(client, answered.id, 'referral.overdue')).toEqual([]);
        expect(await eventsOf(client, waiting.id, 'referral.overdue')).toEqual([]);
      }
      // No personal data in the event.
      expect(JSON.stringify(await eventsOf(c.csFocal!, late.id, 'referral.overdue'))).not.toMatch(/Person|Mondlane/);

      // Accepted at last: no longer overdue, and not told again.
      unwrap(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(late.id), body: {} }));
      expect(await current(c.iom!, late.id)).toMatchObject({ status: 'accepted', overdue: false, overdueKind: null });
      expect(await overdueIds(c.iom!, 'outbox', 'true')).not.toContain(late.id);
      await flagOverdueReferrals({ db: hub.database.db, now: now() });
      expect(await eventsOf(c.iom!, late.id, 'referral.overdue')).toHaveLength(1);
    } finally {
      ahead -= 25 * HOUR;
    }
  });

  it('an accepted referral past the sender’s due date is overdue for its completion, told once, and no other agency hears of it', async () => {
    const referral = await sent({ ...toCaminho, dueDate: calendarDate(new Date(now().getTime() + 24 * HOUR)) });
    unwrap(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(referral.id), body: {} }));
    ahead += 72 * HOUR;
    try {
      expect(await current(c.csFocal!, referral.id)).toMatchObject({ status: 'accepted', overdue: true, overdueKind: 'completion' });
      expect(await overdueIds(c.csFocal!, 'inbox', 'true')).toContain(referral.id);
      await flagOverdueReferrals({ db: hub.database.db, now: now() });
      await flagOverdueReferrals({ db: hub.database.db, now: now() });
      for (const client of [c.iom!, c.csFocal!]) {
        const events = await eventsOf(client, referral.id, 'referral.overdue');
        expect(events).toHaveLength(1);
        expect(events[0]!.data).toMatchObject({ kind: 'completion', deadline: referral.dueDate, status: 'accepted' });
      }
      expect(await eventsOf(c.ceFocal!, referral.id, 'referral.overdue')).toEqual([]);
      // Another agency does not see it in any list.
      expect(await overdueIds(c.ceFocal!, 'inbox', 'true')).not.toContain(referral.id);
    } finally {
      ahead -= 72 * HOUR;
    }
  });

  it('counts hours to accept and the overdue share by partner, and withholds small groups', async () => {
    const toSenami: Terms = { to: 'senami', service: 'documentation', purpose: 'documentation_status', categories: ['identity', 'location'] };
    const toUnhcr: Terms = { to: 'unhcr', service: 'legal_aid', purpose: 'resettlement_processing', categories: ['identity', 'contact'] };
    const senami = [];
    for (let i = 0; i < 5; i++) senami.push(await sent(toSenami));
    for (let i = 0; i < 2; i++) await sent(toUnhcr);
    try {
      for (const [i, referral] of senami.entries()) {
        ahead += HOUR;
        unwrap(await c.senamiFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(referral.id), body: {} }));
        expect(i).toBeLessThan(5);
      }
      const figures = unwrap(await c.iomFocal!.api.GET('/v1/referral-figures'));
      const bySenami = figures.sent.byPartner.senami!;
      // Accepted after 1, 2, 3, 4 and 5 hours (give or take the test's own time).
      expect(bySenami.medianHoursToAccept).toBeCloseTo(3, 1);
      expect(bySenami.p90HoursToAccept).toBeCloseTo(5, 1);
      expect(bySenami.overdueShare).toBe(0);
      expect(figures.sent.timingByService.documentation).toMatchObject({ referrals: 5, overdueShare: 0 });
      // Two referrals to UNHCR: a small group, its count and every figure withheld.
      expect(figures.sent.byPartner.unhcr).toEqual({ referrals: '<5', medianHoursToAccept: null, p90HoursToAccept: null, medianHoursToComplete: null, p90HoursToComplete: null, overdueShare: null });
      // The receiving side sees the same referrals as received from IOM.
      const received = unwrap(await c.senamiFocal!.api.GET('/v1/referral-figures'));
      expect(received.received.byPartner.iom!.medianHoursToAccept).toBeCloseTo(3, 1);
    } finally {
      ahead -= 5 * HOUR;
    }
  });
});
