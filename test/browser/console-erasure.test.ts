import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient } from './console-client';

/**
 * Erasure with proof from the console (issue 22, item 3): IOM's privacy officer places a legal hold
 * on a returnee from her erasure page, and the erasure is refused on the page while it holds
 * (nothing changes); released, the erasure needs its confirmation, then makes the tombstone page
 * with a purge request to Caminho Seguro, which finds it among the purges awaiting attestation
 * and attests it on the form, in Portuguese; IOM's tombstone page shows the attestation. The
 * subject's page sends an erased subject to its tombstone.
 */
let hub: TestHub;
let ahead = 0;
let subjectId: string;
let referralId: string;
beforeAll(async () => {
  hub = await createTestHub({ now: () => new Date(Date.now() + ahead) });
  const token = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Celeste', familyName: 'Machava', dateOfBirth: '1992-07-01', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-G' } } },
  });
  subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, {
    token,
    json: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z' },
  });
  const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;
  const referral = await hub.call('POST', '/v1/referrals', {
    token,
    json: { to: 'caminho-seguro', subjectId, consentId, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] },
  });
  referralId = ((await referral.json()) as { id: string }).id;
});
afterAll(async () => hub?.close());

/** No id twice on a page (a label and a screen reader find one field by its id). */
const uniqueIds = (html: string) => {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  expect(ids.filter((v, i) => ids.indexOf(v) !== i)).toEqual([]);
};
const state = async () => (await sql<{ erased_at: Date | null; purges: number; holds: number }>`select erased_at, (select count(*)::int from purge_requests) as purges, (select count(*)::int from legal_holds) as holds from subjects where id = ${subjectId}`.execute(hub.database.db)).rows[0];

describe('erasure from the console', () => {
  it('is held, then confirmed, then attested by the recipient, each on its page', async () => {
    const privacy = await consoleClient(hub, 'iom', 'privacy');
    const page = await privacy.get(`/console/subjects/${subjectId}/erasure`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Erase this subject');
    expect(page.html).toContain('No legal holds.');
    uniqueIds(page.html);

    const held = await privacy.post(`/console/subjects/${subjectId}/legal-holds`, { reason: 'Court order 9/2026' });
    expect(held.status).toBe(303);
    const withHold = await privacy.get(held.location!);
    expect(withHold.html).toContain('Court order 9/2026');
    expect(withHold.html).toContain('Release the legal hold');
    uniqueIds(withHold.html);

    const before = await state();
    const refused = await privacy.post(`/console/subjects/${subjectId}/erasure`, { erasureReason: 'request', mode: 'erase', confirm: 'true' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('under a legal hold');
    expect(await state()).toEqual(before);

    const holdId = /legal-holds\/([0-9a-f-]{36})\/release/.exec(withHold.html)![1];
    expect((await privacy.post(`/console/subjects/${subjectId}/legal-holds/${holdId}/release`, { reason: 'Order lifted' })).status).toBe(303);
    // Without the confirmation, refused on the form; nothing changes.
    const unconfirmed = await privacy.post(`/console/subjects/${subjectId}/erasure`, { erasureReason: 'request', mode: 'erase' });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.html).toContain('href="#f-confirm"');
    expect((await state())!.erased_at).toBeNull();

    const erased = await privacy.post(`/console/subjects/${subjectId}/erasure`, { erasureReason: 'request', mode: 'anonymise', confirm: 'true' });
    expect(erased.status).toBe(303);
    const tombstone = await privacy.get(erased.location!);
    expect(tombstone.html).toContain('The subject was erased');
    expect(tombstone.html).toContain('Age band, sex and province only');
    expect(tombstone.html).toContain('Caminho Seguro');
    expect(tombstone.html).toContain('Not attested yet');
    expect(tombstone.html).not.toContain('Celeste');
    uniqueIds(tombstone.html);
    // The caseworker's subject page leads to the tombstone.
    const caseworker = await consoleClient(hub, 'iom', 'caseworker');
    const subjectPage = await caseworker.get(`/console/subjects/${subjectId}`);
    expect([subjectPage.status, subjectPage.location]).toEqual([303, `/console/subjects/${subjectId}/erasure`]);

    // Past the deadline, both agencies' privacy officers see the flag on their flags page (signed in again: a month has passed).
    ahead = 31 * 86_400_000;
    for (const [agency, words] of [
      ['iom', 'Purge not attested by its deadline'],
      ['caminho-seguro', 'Eliminação não atestada dentro do prazo'],
    ] as const) {
      const officer = await consoleClient(hub, agency, 'privacy', agency === 'iom' ? 'en' : 'pt');
      const flags = await officer.get('/console/access-log/flags');
      expect(flags.html).toContain(words);
      expect(flags.html).toContain('Caminho Seguro');
    }
    const focal = await consoleClient(hub, 'caminho-seguro', 'focal-point', 'pt');
    const home = await focal.get('/console');
    expect(home.html).toContain('href="/console/purge-requests"');
    const list = await focal.get('/console/purge-requests');
    expect(list.html).toContain('Pedidos de eliminação');
    expect(list.html).toContain(`href="/console/referrals/${referralId}/purge-attestation"`);
    // The received referral's page says so, with the way to attest.
    const received = await focal.get(`/console/referrals/${referralId}`);
    expect(received.html).toContain('pede à sua agência que elimine');
    expect(received.html).toContain(`href="/console/referrals/${referralId}/purge-attestation"`);
    const form = await focal.get(`/console/referrals/${referralId}/purge-attestation`);
    // The form is offered only to who may attest this purge: not the sending agency's people, not the receiver's caseworker.
    expect((await (await consoleClient(hub, 'iom', 'privacy')).get(`/console/referrals/${referralId}/purge-attestation`)).status).toBe(404);
    expect((await (await consoleClient(hub, 'caminho-seguro', 'caseworker')).get(`/console/referrals/${referralId}/purge-attestation`)).status).toBe(403);
    expect(form.html).toContain('Atestar a eliminação');
    uniqueIds(form.html);
    uniqueIds(list.html);
    const empty = await focal.post(`/console/referrals/${referralId}/purge-attestation`, { purgedBy: '', method: '', systems: '', statement: '' });
    expect(empty.status).toBe(422);
    const attested = await focal.post(`/console/referrals/${referralId}/purge-attestation`, {
      purgedBy: 'Técnica de caso, Caminho Seguro',
      // A day ago, in Maputo's wall-clock time (the form's): after the purge was asked for, before now.
      purgedAt: new Date(Date.now() + ahead - 86_400_000 + 2 * 3_600_000).toISOString().slice(0, 16),
      method: 'Apagado do sistema de casos',
      systems: 'sistema de casos, papel',
      statement: 'Todos os dados recebidos foram eliminados.',
    });
    expect(attested.status).toBe(303);
    expect((await focal.get(attested.location!)).html).toContain('A eliminação foi atestada');
    // Once attested, there is nothing left to attest on it.
    expect((await focal.get(`/console/referrals/${referralId}/purge-attestation`)).status).toBe(404);

    const proof = await (await consoleClient(hub, 'iom', 'privacy')).get(`/console/subjects/${subjectId}/erasure`);
    expect(proof.html).toContain('Apagado do sistema de casos');
    expect(proof.html).not.toContain('Not attested yet');
  });
});
