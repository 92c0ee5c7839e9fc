import { sealLog } from '@ponte/audit';
import { deliverDueWebhooks } from '@ponte/core';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient, guardianConsent } from './console-client';

/** The console's forms through plain requests: what they write, what they refuse, and that a refusal writes nothing. */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

const child = {
  identity: { givenName: 'Tomé', familyName: 'Nhantumbo', dateOfBirth: '2014-02-10', sex: 'male', languages: ['pt'] },
  location: { current: { country: 'MOZ', province: 'MZ-MPM' } },
};
const determination = {
  grantedBy: 'best_interests_determination',
  'bestInterestsDetermination.reference': 'BID-IOM-2026-007',
  'bestInterestsDetermination.decidedOn': '2026-11-20',
  childAssent: 'not_capable',
  method: 'written',
  language: 'pt',
  purposes: ['best_interests_procedure', 'protection_assistance'],
  recipients: ['mgcas'],
  categories: ['identity', 'location', 'family'],
  legalBasis: 'consent',
  validUntil: '2027-06-30',
};

async function registerChild(agency: string, username: string): Promise<string> {
  const res = await hub.call('POST', '/v1/subjects', { token: await hub.tokenFor(agency, username), json: child });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const consentCount = async () => Number((await hub.database.db.selectFrom('consents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('console forms', () => {
  it('draws a QR code for the receipt of a consent with many purposes, recipients and categories, in both languages, and the code verifies', async () => {
    const adult = { identity: { givenName: 'Amélia', familyName: 'Sitoe', dateOfBirth: '1990-05-02', sex: 'female', languages: ['pt', 'en'] } };
    const created = await hub.call('POST', '/v1/subjects', { token: await hub.tokenFor('iom', 'caseworker'), json: adult });
    expect(created.status).toBe(201);
    const subjectId = ((await created.json()) as { id: string }).id;
    const broad = {
      grantedBy: 'subject',
      method: 'written',
      language: 'pt',
      purposes: ['protection_assistance', 'medical_care', 'psychosocial_support', 'legal_assistance', 'return_reintegration'],
      recipients: ['mgcas', 'unicef', 'unhcr', 'pgr', 'senami', 'casa-esperanca', 'caminho-seguro'],
      categories: ['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal'],
      legalBasis: 'consent',
      validUntil: '2027-12-31',
    };
    for (const lang of ['en', 'pt'] as const) {
      const caseworker = await consoleClient(hub, 'iom', 'caseworker', lang);
      const recorded = await caseworker.post(`/console/subjects/${subjectId}/consents/new`, broad);
      expect(recorded.status).toBe(303);
      const receipt = await caseworker.get(recorded.location!);
      expect(receipt.status).toBe(200);
      expect(receipt.html).toMatch(/<figure class="qr"[^>]*>\s*<svg[^>]*viewBox/);
      expect(receipt.html).toContain(lang === 'pt' ? 'Código QR do recibo assinado' : 'QR code of the signed receipt');
      // What the QR code holds is a hub-signed reference the receipt verification endpoint accepts, for this consent.
      const reference = /id="receipt-reference">\s*([A-Za-z0-9_.-]+)\s*</.exec(receipt.html)?.[1];
      expect(reference).toBeDefined();
      expect(reference!.length).toBeLessThan(1000);
      const consentId = /\/console\/consents\/([0-9a-f-]{36})\/receipt/.exec(recorded.location!)![1];
      const verified = await hub.call('POST', '/v1/consent-receipts/verify', { token: await hub.tokenFor('mgcas', 'caseworker'), json: { receipt: reference } });
      expect(verified.status).toBe(200);
      expect(await verified.json()).toMatchObject({ valid: true, consentId, active: true });
    }
  });

  it('records a best-interests determination for a child when a child-protection officer fills the form, and refuses it from a caseworker', async () => {
    const officer = await consoleClient(hub, 'iom', 'child-protection');
    const subjectId = await registerChild('iom', 'child-protection');
    const recorded = await officer.post(`/console/subjects/${subjectId}/consents/new`, determination);
    expect(recorded.status).toBe(303);
    expect(recorded.location).toMatch(/^\/console\/consents\/[0-9a-f-]{36}\/receipt$/);
    const receipt = await officer.get(recorded.location!);
    expect(receipt.html).toContain('A best-interests determination');
    expect(receipt.html).toContain('Not capable of assent');
    // A date typed as "valid until" counts to the end of that day in Mozambique.
    expect(receipt.html).toContain('30 Jun 2027, 23:59');
    expect(receipt.html).toMatch(/<svg[^>]*viewBox/);

    const caseworker = await consoleClient(hub, 'iom', 'caseworker');
    const ownSubject = await registerChild('iom', 'caseworker');
    const before = await consentCount();
    const refused = await caseworker.post(`/console/subjects/${ownSubject}/consents/new`, determination);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('consent.best_interests_needs_child_protection_officer');
    expect(await consentCount()).toBe(before);
  });

  it('re-renders an invalid consent form with a message per field in Portuguese, keeping what was typed, and writes nothing', async () => {
    const caseworker = await consoleClient(hub, 'iom', 'caseworker', 'pt');
    const subjectId = await registerChild('iom', 'caseworker');
    const before = await consentCount();
    const res = await caseworker.post(`/console/subjects/${subjectId}/consents/new`, {
      grantedBy: 'guardian',
      'guardian.name': 'Maria Nhantumbo',
      method: 'verbal_with_witness',
      language: 'pt',
      categories: ['identity'],
      legalBasis: 'consent',
      validUntil: 'not a date',
    });
    expect(res.status).toBe(422);
    expect(await consentCount()).toBe(before);
    // One message per failing field, each beside its field, in Portuguese.
    for (const field of ['guardian-relationship', 'witness-name', 'purposes', 'validUntil']) expect(res.html, field).toMatch(new RegExp(`id="f-${field}-error"`));
    expect(res.html).toContain('obrigatório para consentimento verbal');
    expect(res.html).toContain('obrigatório: preencha este campo');
    // The summary at the top names each field by its label and links to it.
    expect(res.html).toContain('<a href="#f-guardian-relationship">Relação do tutor com a pessoa: obrigatório: preencha este campo</a>');
    expect(res.html).toContain('value="Maria Nhantumbo"');
    expect(res.html).toContain('value="not a date"');
    expect(res.html).toMatch(/value="identity" checked/);
    expect(res.html).toContain('lang="pt"');
  });

  it('lets the recipient’s focal point decline a referral only with a reason code from the list (and words with “another reason”), and shows both to the sender', async () => {
    const iom = await hub.tokenFor('iom', 'caseworker');
    const subjectId = await registerChild('iom', 'caseworker');
    const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, {
      token: iom,
      json: guardianConsent('mgcas', 'Maria Nhantumbo'),
    });
    expect(consent.status).toBe(201);
    const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
    const sender = await consoleClient(hub, 'iom', 'caseworker');
    const sent = await sender.post('/console/referrals/new', {
      intent: 'send',
      subjectId,
      consentId,
      to: 'mgcas',
      service: 'shelter',
      province: 'MZ-MPM',
      purpose: 'protection_assistance',
      urgency: 'emergency',
      categories: ['identity', 'location'],
    });
    expect(sent.status).toBe(303);
    const referralPath = sent.location!.replace(/\?.*$/, '');

    const focal = await consoleClient(hub, 'mgcas', 'focal-point');
    const version = /name="version" value="(\d+)"/.exec((await focal.get(referralPath)).html)![1]!;
    const form = (await focal.get(referralPath)).html;
    expect(form).toContain('<select id="f-reasonCode" name="reasonCode"');
    expect(form).toMatch(/<option value="outside_mandate"[^>]*>Outside our mandate<\/option>/);
    const withoutCode = await focal.post(`${referralPath}/decline`, { reason: 'No shelter place', version });
    expect(withoutCode.status).toBe(422);
    expect(withoutCode.html).toContain('id="f-reasonCode-error"');
    const notInList = await focal.post(`${referralPath}/decline`, { reasonCode: 'too_busy', version });
    expect(notInList.status).toBe(422);
    expect(notInList.html).toContain('id="f-reasonCode-error"');
    const otherWithoutWords = await focal.post(`${referralPath}/decline`, { reasonCode: 'other', reason: '  ', version });
    expect(otherWithoutWords.status).toBe(422);
    expect(otherWithoutWords.html).toContain('id="f-reason-error"');
    expect((await focal.get(referralPath)).html).toContain('>Sent<');

    const declined = await focal.post(`${referralPath}/decline`, { reasonCode: 'no_capacity', reason: 'No shelter place for a boy of this age this week.', version });
    expect(declined.status).toBe(303);
    const page = await sender.get(referralPath);
    expect(page.html).toContain('Declined');
    expect(page.html).toContain('<dd>No capacity</dd>');
    expect(page.html).toContain('No shelter place for a boy of this age this week.');
    const senderPt = await consoleClient(hub, 'iom', 'caseworker', 'pt');
    expect((await senderPt.get(referralPath)).html).toContain('<dd>Sem capacidade</dd>');
  });

  it('refuses a state-changing form without a token even from a signed-in person, and a request with another method', async () => {
    const caseworker = await consoleClient(hub, 'iom', 'caseworker');
    const subjectId = await registerChild('iom', 'caseworker');
    const before = await consentCount();
    const missing = await caseworker.post(`/console/subjects/${subjectId}/consents/new`, determination, { csrf: null });
    expect(missing.status).toBe(403);
    expect(await consentCount()).toBe(before);
    const deletion = await hub.app.request(`/console/subjects/${subjectId}`, { method: 'DELETE' });
    expect(deletion.status).toBe(403);
  });

  it('lets the hub operator add an agency, set its services and make and end an agreement, each refused with field messages when incomplete', async () => {
    const operator = await consoleClient(hub, undefined, 'operator');
    const agencies = async () => (await operator.get('/console/operator/agencies')).html.match(/<tr>/g)!.length;
    const before = await agencies();
    const bad = await operator.post('/console/operator/agencies', { slug: 'Not A Slug', 'name.en': 'Kindred Shelter', 'name.pt': '', kind: 'civil_society' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('id="f-slug-error"');
    expect(bad.html).toContain('id="f-name-pt-error"');
    expect(bad.html).toContain('value="Kindred Shelter"');
    expect(await agencies()).toBe(before);
    expect((await operator.post('/console/operator/agencies', { slug: 'kindred', 'name.en': 'Kindred Shelter', 'name.pt': 'Abrigo Kindred', kind: 'civil_society' })).status).toBe(303);
    expect(await agencies()).toBe(before + 1);
    expect((await operator.post('/console/operator/agencies/kindred/services', { services: ['shelter/MZ-G', 'shelter/MZ-MPM'] })).status).toBe(303);
    expect((await operator.get('/console/operator/agencies/kindred/services')).html).toMatch(/value="shelter\/MZ-G" checked/);

    const incomplete = await operator.post('/console/operator/agreements', { from: 'iom', to: 'kindred', validFrom: '2026-01-01', validUntil: '2027-12-31', documentRef: '' });
    expect(incomplete.status).toBe(422);
    for (const field of ['purposes', 'categories', 'documentRef']) expect(incomplete.html, field).toContain(`id="f-${field}-error"`);
    const made = await operator.post('/console/operator/agreements', {
      from: 'iom',
      to: 'kindred',
      purposes: ['protection_assistance'],
      categories: ['identity', 'location'],
      validFrom: '2026-01-01',
      validUntil: '2027-12-31',
      documentRef: 'DSA-IOM-KINDRED-2026',
    });
    expect(made.status).toBe(303);
    const { rows } = await sql<{ id: string }>`select id from agreements where document_ref = 'DSA-IOM-KINDRED-2026'`.execute(hub.database.db);
    expect(rows).toHaveLength(1);
    expect((await operator.get('/console/operator/agreements')).html).toContain(`/console/operator/agreements/${rows[0]!.id}/terminate`);
    expect((await operator.post(`/console/operator/agreements/${rows[0]!.id}/terminate`, { reason: '' })).status).toBe(422);
    expect((await operator.post(`/console/operator/agreements/${rows[0]!.id}/terminate`, { reason: 'The partnership ended.' })).status).toBe(303);
    const { rows: after } = await sql<{ status: string }>`select status from agreements where id = ${rows[0]!.id}`.execute(hub.database.db);
    expect(after[0]!.status).toBe('terminated');
  });

  it('lets a privacy officer escalate a sealed access event with a note, and only with one', async () => {
    await sealLog({ db: hub.database.db, tokens: hub.tokens });
    const officer = await consoleClient(hub, 'iom', 'privacy');
    const log = await officer.get('/console/access-log?resource=Subject');
    const eventId = /\/console\/access-log\/review\?kind=event&amp;id=([0-9a-f-]{36})/.exec(log.html)?.[1];
    expect(eventId).toBeDefined();
    const reviews = async () => Number((await sql<{ n: number }>`select count(*)::int as n from access_reviews`.execute(hub.database.db)).rows[0]!.n);
    const before = await reviews();
    const noNote = await officer.post('/console/access-log/review', { targetKind: 'event', targetId: eventId!, status: 'escalated', note: '' });
    expect(noNote.status).toBe(422);
    expect(noNote.html).toContain('id="f-note-error"');
    expect(await reviews()).toBe(before);
    const escalated = await officer.post('/console/access-log/review', { targetKind: 'event', targetId: eventId!, status: 'escalated', note: 'Read at night by a caseworker off duty; asking the supervisor.', back: '/console/access-log?resource=Subject' });
    expect(escalated.status).toBe(303);
    expect(escalated.location).toBe('/console/access-log?resource=Subject&done=reviewed');
    const { rows } = await sql<{ status: string; target_id: string }>`select status, target_id from access_reviews order by created_at desc limit 1`.execute(hub.database.db);
    expect(rows[0]).toEqual({ status: 'escalated', target_id: eventId });
    // A caseworker cannot review, whatever the form says (nor know the event is there).
    const caseworker = await consoleClient(hub, 'iom', 'caseworker');
    const refused = await caseworker.post('/console/access-log/review', { targetKind: 'event', targetId: eventId!, status: 'reviewed', note: 'Looks fine to me.' });
    expect(refused.status).toBe(404);
    expect(await reviews()).toBe(before + 1);
  });

  it('shows repeated denials in the flag queue, and a privacy officer marks the flag reviewed', async () => {
    const subjectId = await registerChild('iom', 'caseworker');
    // Another team's caseworker tries the child's record five times: need-to-know refuses each.
    const outsider = await hub.tokenFor('iom', 'caseworker2');
    for (let i = 0; i < 5; i++) expect((await hub.call('GET', `/v1/subjects/${subjectId}`, { token: outsider })).status).toBe(404);
    const officer = await consoleClient(hub, 'iom', 'privacy');
    const queue = await officer.get('/console/access-log/flags');
    expect(queue.html).toContain('Repeated denials');
    const flagId = /\/console\/access-log\/review\?kind=flag&amp;id=([0-9a-f]{24})/.exec(queue.html)?.[1];
    expect(flagId).toBeDefined();
    const reviewed = await officer.post('/console/access-log/review', { targetKind: 'flag', targetId: flagId!, status: 'reviewed', note: 'Caseworker B asked about the wrong file; explained need-to-know.', back: '/console/access-log/flags' });
    expect(reviewed.status).toBe(303);
    expect(reviewed.location).toBe('/console/access-log/flags?done=reviewed');
    const after = await officer.get('/console/access-log/flags?done=reviewed');
    expect(after.html).toContain('Review recorded.');
    expect(after.html).toMatch(/Reviewed \(/);
  });

  it('lets an agency admin register a webhook and deliver the dead-lettered deliveries again', async () => {
    const admin = await consoleClient(hub, 'unicef', 'admin');
    const refused = await admin.post('/console/admin/webhooks', { url: 'not a url' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('id="f-url-error"');
    expect((await admin.post('/console/admin/webhooks', { url: 'https://cases.unicef.example/hooks/ponte', description: 'Case system' })).status).toBe(303);

    // A referral to UNICEF puts an event in its outbox; the endpoint answers 500 and the one attempt allowed dead-letters it.
    const mgcasToken = await hub.tokenFor('mgcas', 'caseworker');
    const child = await hub.call('POST', '/v1/subjects', { token: mgcasToken, json: { identity: { givenName: 'Ana', familyName: 'Cossa', dateOfBirth: '2015-01-01', sex: 'female', languages: ['pt'] } } });
    const childId = ((await child.json()) as { id: string }).id;
    const childConsent = await hub.call('POST', `/v1/subjects/${childId}/consents`, {
      token: mgcasToken,
      json: {
        grantedBy: 'guardian', guardian: { name: 'Rosa Cossa', relationship: 'aunt' }, childAssent: 'given', method: 'written', language: 'pt',
        interpreterUsed: false, purposes: ['family_tracing_reunification'], recipients: ['unicef'], categories: ['identity', 'family'], legalBasis: 'consent', validUntil: '2027-12-31T00:00:00Z',
      },
    });
    const childConsentId = ((await childConsent.json()) as { consent: { id: string } }).consent.id;
    const toUnicef = await hub.call('POST', '/v1/referrals', {
      token: mgcasToken,
      json: { to: 'unicef', subjectId: childId, consentId: childConsentId, service: 'family_tracing', purpose: 'family_tracing_reunification', urgency: 'routine', categories: ['identity', 'family'] },
    });
    expect(toUnicef.status).toBe(201);
    await deliverDueWebhooks({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), maxAttempts: 1, post: async () => 500 });
    const dead = async () => Number((await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where status = 'dead'`.execute(hub.database.db)).rows[0]!.n);
    expect(await dead()).toBeGreaterThan(0);

    const page = await admin.get('/console/admin/webhooks');
    expect(page.html).toContain('https://cases.unicef.example/hooks/ponte');
    expect(page.html).toContain('Deliver the failed ones again');
    expect((await admin.post('/console/admin/webhooks/replay', {})).status).toBe(303);
    expect(await dead()).toBe(0);
  });
});
