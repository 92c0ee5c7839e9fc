import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/**
 * Referring a person on from the console (issue 21, item 3): MGCAS refers a child to UNICEF;
 * UNICEF's caseworker, in Portuguese, refers the child on to Casa Esperança under a new consent
 * recorded with the guardian; a refused form shows its messages and stores nothing; the chain
 * shows on each side's page as far as that side may know of it.
 */
let hub: TestHub;
let unicefCaseworker: string;
const count = async () => (await sql<{ n: number }>`select (select count(*) from referrals)::int + (select count(*) from consents)::int as n`.execute(hub.database.db)).rows[0]!.n;

beforeAll(async () => {
  hub = await createTestHub();
  const me = await hub.call('GET', '/v1/me', { token: await hub.tokenFor('unicef', 'caseworker') });
  unicefCaseworker = ((await me.json()) as { id: string }).id;
});
afterAll(async () => hub?.close());

/** A child of MGCAS's referred to UNICEF for psychosocial support, accepted and assigned to UNICEF's caseworker. */
async function acceptedAtUnicef(): Promise<string> {
  const token = await hub.tokenFor('mgcas', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Dércio', familyName: 'Nhantumbo', dateOfBirth: '2013-08-01', sex: 'male', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-P' } } },
  });
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, { token, json: { ...guardianConsent('unicef', 'Marta Nhantumbo'), purposes: ['psychosocial_support'] } });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const sent = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'unicef', subjectId, consentId, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity', 'location'] },
  });
  expect(sent.status).toBe(201);
  const id = ((await sent.json()) as { id: string }).id;
  const accepted = await hub.call('POST', `/v1/referrals/${id}/accept`, { token: await hub.tokenFor('unicef', 'focal-point'), json: { assigneeId: unicefCaseworker } });
  expect(accepted.status).toBe(200);
  return id;
}

describe('referring a person on from the console', () => {
  it("UNICEF's caseworker refers the child on under a new consent; the chain shows on each side", async () => {
    const parent = await acceptedAtUnicef();
    const path = `/console/referrals/${parent}`;
    const caseworker = await consoleClient(hub, 'unicef', 'caseworker', 'pt');
    const page = await caseworker.get(path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Reencaminhar para outra agência');
    expect(page.html).toContain(`action="${path}/onward"`);
    // The third agency is never the owner nor UNICEF itself.
    expect(page.html).not.toMatch(/<option value="mgcas"/);
    expect(page.html).not.toMatch(/<option value="unicef"/);

    // Without a new consent, the parent's consent (which names only UNICEF) does not cover Casa Esperança.
    const before = await count();
    const form = { to: 'casa-esperanca', service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity'] };
    const refused = await caseworker.post(`${path}/onward`, form);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('o consentimento não indica esta agência');
    const beyond = await caseworker.post(`${path}/onward`, { ...form, categories: ['identity', 'health'] });
    expect(beyond.status).toBe(422);
    expect(await count()).toBe(before);

    const consent = { newConsent: 'true', 'consent.grantedBy': 'guardian', 'consent.guardian.name': 'Marta Nhantumbo', 'consent.guardian.relationship': 'mother', 'consent.childAssent': 'given', 'consent.method': 'written', 'consent.language': 'pt', 'consent.validUntil': '2027-06-30' };
    const sent = await caseworker.post(`${path}/onward`, { ...form, ...consent });
    expect(sent.status).toBe(303);
    const onwardPath = sent.location!.split('?')[0]!;
    expect(sent.location).toContain('done=referred_on');
    const onward = await caseworker.get(sent.location!);
    expect(onward.html).toContain('A pessoa foi reencaminhada.');
    expect(onward.html).toContain('Reencaminhado a partir de');
    expect(onward.html).toContain(`href="${path}"`);
    expect(await count()).toBe(before + 2);

    // UNICEF's page of the parent lists the onward referral, with its recipient.
    const again = await caseworker.get(path);
    expect(again.html).toContain(`href="${onwardPath}"`);
    // MGCAS's page of the root: the child was referred on, to an agency its consent does not name.
    const mgcas = await consoleClient(hub, 'mgcas', 'caseworker');
    const root = await mgcas.get(path);
    expect(root.html).toContain('Referral chain');
    expect(root.html).toContain('an agency the consent does not name');
    expect(root.html).not.toContain(`href="${onwardPath}"`);
    // Casa Esperança's focal point sees the onward referral, not where it came from.
    const casa = await consoleClient(hub, 'casa-esperanca', 'focal-point');
    const casaPage = await casa.get(onwardPath);
    expect(casaPage.status).toBe(200);
    expect(casaPage.html).not.toContain(parent.slice(0, 8));
  });
});
