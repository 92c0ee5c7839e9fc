import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReceiptReference } from '@ponte/core';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient } from './console-client';

/**
 * The person's withdrawal recorded from the printed receipt in the console (issue 22, item 5), in
 * Portuguese: IOM refers a returnee to UNHCR; at UNHCR she shows her receipt; UNHCR's caseworker
 * opens "Registar uma retirada a partir de um recibo" from the referral's page, checks the QR code's
 * content (which consent, its status, nothing personal), is refused on the form without a reason
 * and with an altered receipt (nothing stored), and records the withdrawal; UNHCR's privacy officer
 * may not; IOM's consent page names UNHCR as the agency that recorded it.
 */
let hub: TestHub;
let consentId: string;
let referralId: string;
let qr: string;
beforeAll(async () => {
  hub = await createTestHub();
  const iom = await hub.tokenFor('iom', 'caseworker');
  const subject = await hub.call('POST', '/v1/subjects', { token: iom, json: { identity: { givenName: 'Amélia', familyName: 'Chissano', dateOfBirth: '1994-07-21', sex: 'female', languages: ['pt'] } } });
  const subjectId = ((await subject.json()) as { id: string }).id;
  const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, {
    token: iom,
    json: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['resettlement_processing'], recipients: ['unhcr'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 90 * 86400_000).toISOString() },
  });
  const recorded = (await consent.json()) as { consent: { id: string }; receipt: string };
  consentId = recorded.consent.id;
  // What the printed receipt's QR code holds.
  qr = await signReceiptReference({ tokens: hub.tokens, now: () => new Date() }, recorded.receipt);
  const sent = await hub.call('POST', '/v1/referrals', { token: iom, json: { to: 'unhcr', subjectId, consentId, service: 'family_tracing', purpose: 'resettlement_processing', urgency: 'routine', categories: ['identity'] } });
  referralId = ((await sent.json()) as { id: string }).id;
  const unhcrCaseworker = ((await (await hub.call('GET', '/v1/me', { token: await hub.tokenFor('unhcr', 'caseworker') })).json()) as { id: string }).id;
  await hub.call('POST', `/v1/referrals/${referralId}/accept`, { token: await hub.tokenFor('unhcr', 'focal-point'), json: { assigneeId: unhcrCaseworker } });
});
afterAll(async () => hub?.close());

const withdrawals = async () => (await sql<{ n: number }>`select count(*)::int as n from consent_withdrawals`.execute(hub.database.db)).rows[0]!.n;

describe('a withdrawal recorded from the printed receipt in the console', () => {
  it('is checked and recorded by the receiving agency’s caseworker, in Portuguese, and seen by the owner', async () => {
    const unhcr = await consoleClient(hub, 'unhcr', 'caseworker', 'pt');
    const referral = await unhcr.get(`/console/referrals/${referralId}`);
    expect(referral.html).toContain('href="/console/consent-receipts/withdrawal"');
    expect(referral.html).toContain('Registar uma retirada a partir de um recibo');
    const page = await unhcr.get('/console/consent-receipts/withdrawal');
    expect(page.status).toBe(200);
    expect(page.html).toContain('O conteúdo do código QR do recibo');

    // Checking the receipt: which consent, and whether it counts; nothing personal.
    const checked = await unhcr.post('/console/consent-receipts/withdrawal/check', { receipt: qr, requestedBy: 'subject', method: 'verbal_with_witness', reason: '' });
    expect(checked.status).toBe(200);
    expect(checked.html).toContain(consentId);
    expect(checked.html).toMatch(/id="receipt-status">Ativo</);
    expect(checked.html).not.toContain('Chissano');
    const [header, payload, signature] = qr.split('.');
    const forged = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    const forgedCheck = await unhcr.post('/console/consent-receipts/withdrawal/check', { receipt: forged, requestedBy: 'subject', method: 'verbal_with_witness', reason: '' });
    expect(forgedCheck.html).not.toContain('id="receipt-status"');

    // Refused on the form, nothing stored: no reason; an altered receipt.
    const before = await withdrawals();
    const noReason = await unhcr.post('/console/consent-receipts/withdrawal', { receipt: qr, requestedBy: 'subject', method: 'verbal_with_witness', reason: '' });
    expect(noReason.status).toBe(422);
    expect(noReason.html).toContain('id="form-errors"');
    const altered = await unhcr.post('/console/consent-receipts/withdrawal', { receipt: forged, requestedBy: 'subject', method: 'verbal_with_witness', reason: 'Já não quer partilhar' });
    expect(altered.status).toBe(422);
    expect(altered.html).toContain('id="form-errors"');
    // UNHCR's privacy officer knows of the referral but may not record a withdrawal.
    const officer = await (await consoleClient(hub, 'unhcr', 'privacy', 'pt')).post('/console/consent-receipts/withdrawal', { receipt: qr, requestedBy: 'subject', method: 'verbal_with_witness', reason: 'Já não quer partilhar' });
    expect(officer.status).toBe(403);
    expect(officer.html).toContain('só as pessoas que trabalham o encaminhamento podem registar uma retirada');
    expect(await withdrawals()).toBe(before);

    const done = await unhcr.post('/console/consent-receipts/withdrawal', { receipt: qr, requestedBy: 'subject', method: 'verbal_with_witness', reason: 'Já não quer partilhar' });
    expect(done.status).toBe(200);
    expect(done.html).toContain('A retirada está registada pela agência titular');
    expect(done.html).toMatch(/id="withdrawal-status">Retirado</);
    expect(done.html).toContain(`href="/console/referrals/${referralId}"`);
    expect(await withdrawals()).toBe(before + 1);
    // A second try is refused: the consent is already withdrawn.
    const again = await unhcr.post('/console/consent-receipts/withdrawal', { receipt: qr, requestedBy: 'subject', method: 'verbal_with_witness', reason: 'De novo' });
    expect(again.status).toBe(409);

    const iom = await consoleClient(hub, 'iom', 'caseworker');
    const owner = await iom.get(`/console/consents/${consentId}/receipt`);
    expect(owner.status).toBe(200);
    expect(owner.html).toContain('Withdrawal recorded by');
    expect(owner.html).toMatch(/id="withdrawal-recorded-by">[^<]*UNHCR/);
  });
});
