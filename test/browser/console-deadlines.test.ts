import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/*
 * Deadlines in the console (issue 21, item 2): past its response deadline a referral is marked
 * overdue on both agencies' home pages, lists and the referral's page, in English and Portuguese;
 * the operator's agreement form takes response hours and refuses bad ones on the page.
 */
const HOUR = 3_600_000;
let hub: TestHub;
let ahead = 0;

beforeAll(async () => {
  hub = await createTestHub({ now: () => new Date(Date.now() + ahead) });
});
afterAll(async () => hub?.close());

/** A child of IOM's, with a guardian's consent, referred to MGCAS for shelter as an emergency: the referral's id. */
async function emergencyReferral(): Promise<string> {
  const token = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Amélia', familyName: 'Nhantumbo', dateOfBirth: '2012-02-01', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
  });
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: guardianConsent('mgcas', 'Rosa Nhantumbo') });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'mgcas', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'emergency', categories: ['identity', 'location'] },
  });
  expect(sent.status).toBe(201);
  return ((await sent.json()) as { id: string }).id;
}

describe('overdue referrals in the console', () => {
  it('marks a referral past its response deadline on both sides: home, lists and its page', async () => {
    const id = await emergencyReferral();
    const before = await consoleClient(hub, 'mgcas', 'focal-point');
    expect((await before.get('/console/referrals/incoming?overdue=true')).html).not.toContain(id.slice(0, 8));
    expect((await before.get(`/console/referrals/${id}`)).html).toContain('Respond by');

    ahead += 25 * HOUR;
    try {
      // Signed in after the clock moved, as a person would be a day later.
      const focal = await consoleClient(hub, 'mgcas', 'focal-point');
      const home = await focal.get('/console');
      expect(home.html).toContain('href="/console/referrals/incoming?overdue=true"');
      expect(home.html).toMatch(/<strong>1<\/strong><\/a>referral you received is overdue/);
      const list = await focal.get('/console/referrals/incoming?overdue=true');
      expect(list.status).toBe(200);
      expect(list.html).toContain(id.slice(0, 8));
      expect(list.html).toContain('>Overdue</span>');
      expect((await focal.get(`/console/referrals/${id}`)).html).toContain('Overdue: not accepted or declined by its response deadline');

      const sender = await consoleClient(hub, 'iom', 'caseworker', 'pt');
      const senderHome = await sender.get('/console');
      expect(senderHome.html).toContain('href="/console/referrals/outgoing?overdue=true"');
      expect(senderHome.html).toContain('encaminhamento que enviou está em atraso');
      const outgoing = await sender.get('/console/referrals/outgoing?overdue=true');
      expect(outgoing.html).toContain(id.slice(0, 8));
      expect(outgoing.html).toContain('>Em atraso</span>');
      expect((await sender.get(`/console/referrals/${id}`)).html).toContain('Em atraso: não foi aceite nem recusado dentro do prazo de resposta');
    } finally {
      ahead -= 25 * HOUR;
    }
  });

  it('takes response hours on the agreement form, and refuses bad ones on the page with nothing recorded', async () => {
    const operator = await consoleClient(hub, undefined, 'operator');
    const page = await operator.get('/console/operator/agreements');
    expect(page.html).toContain('name="responseHours.emergency"');
    const count = async () => Number((await hub.database.db.selectFrom('agreements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const form = { from: 'iom', to: 'unicef', purposes: 'family_tracing_reunification', categories: 'identity', validFrom: '2026-01-01', validUntil: '2028-12-31', documentRef: 'DSA-IOM-UNICEF' };
    const refused = await operator.post('/console/operator/agreements', { ...form, 'responseHours.emergency': '0' });
    expect(refused.status).toBe(422);
    expect(await count()).toBe(before);
    const saved = await operator.post('/console/operator/agreements', { ...form, 'responseHours.priority': '48' });
    expect(saved.status).toBe(303);
    const row = await hub.database.db.selectFrom('agreements').selectAll().where('document_ref', '=', 'DSA-IOM-UNICEF').executeTakeFirstOrThrow();
    expect([row.response_hours_emergency, row.response_hours_priority, row.response_hours_routine]).toEqual([null, 48, null]);
  });
});
