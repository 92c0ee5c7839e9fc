import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { consoleClient } from './console-client';

/**
 * Documents in the console (issue 21, item 5): IOM's caseworker adds a medical report to a
 * person's file from the subject page (a multipart form), sees it listed and downloads it as an
 * attachment; a disguised executable is refused on the page, in Portuguese too, and nothing is
 * stored; the receiving caseworker at Casa Esperança finds the report on the referral's page
 * while `health` is shared, and downloads it there.
 */
let hub: TestHub;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const EXE = Buffer.from('MZ\x90\x00\x03\x00This program cannot be run in DOS mode.', 'latin1');
const count = async () => (await sql<{ n: number }>`select count(*)::int as n from documents`.execute(hub.database.db)).rows[0]!.n;

beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 1_000_000 });
});
afterAll(async () => hub?.close());

function uploadForm(content: Buffer, name: string, type: string, category = 'health', title = 'Relatório médico') {
  const form = new FormData();
  form.set('category', category);
  form.set('title', title);
  form.set('file', new File([content], name, { type }));
  return form;
}

describe('documents in the console', () => {
  it('are added from the subject page, listed, downloaded as attachments, and reach the receiving caseworker on the referral page', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const subject = await hub.call('POST', '/v1/subjects', {
      token,
      json: { identity: { givenName: 'Lurdes', familyName: 'Mucavele', dateOfBirth: '1990-01-20', sex: 'female', languages: ['pt'] }, health: { medicalNeeds: ['follow-up'], urgentCare: false } },
    });
    const subjectId = ((await subject.json()) as { id: string }).id;
    const consent = await hub.call('POST', `/v1/subjects/${subjectId}/consents`, {
      token,
      json: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['protection_assistance'], recipients: ['casa-esperanca'], categories: ['identity', 'health'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z' },
    });
    const consentId = ((await consent.json()) as { consent: { id: string } }).consent.id;

    const iom = await consoleClient(hub, 'iom', 'caseworker');
    const page = await iom.get(`/console/subjects/${subjectId}`);
    expect(page.html).toContain('enctype="multipart/form-data"');
    expect(page.html).toContain('Add a document');

    const done = await iom.postMultipart(`/console/subjects/${subjectId}/documents`, uploadForm(PDF, 'report.pdf', 'application/pdf'));
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/console/subjects/${subjectId}?document=uploaded#documents`);
    const listed = await iom.get(`/console/subjects/${subjectId}?document=uploaded`);
    expect(listed.html).toContain('The document was added.');
    expect(listed.html).toContain('Relatório médico');
    const link = new RegExp(`href="(/console/subjects/${subjectId}/documents/[0-9a-f-]{36})"`).exec(listed.html)?.[1];
    expect(link).toBeDefined();
    const download = await iom.fetch(link!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="health-[0-9a-f]{8}\.pdf"$/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(PDF));

    // An executable named report.pdf: refused on the page, in the reader's language, nothing stored.
    const before = await count();
    const pt = await consoleClient(hub, 'iom', 'caseworker', 'pt');
    const refused = await pt.postMultipart(`/console/subjects/${subjectId}/documents`, uploadForm(EXE, 'report.pdf', 'application/pdf'));
    expect(refused.location).toBe(`/console/subjects/${subjectId}?document=magic_bytes#documents`);
    expect((await pt.get(refused.location!.replace('#documents', ''))).html).toContain('O documento não foi junto: o ficheiro não é PDF, JPEG nem PNG');
    expect(await count()).toBe(before);

    // The referral shares health with Casa Esperança; its assigned caseworker finds the report on the referral's page.
    const sent = await hub.call('POST', '/v1/referrals', { token, json: { to: 'casa-esperanca', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'health'] } });
    const referralId = ((await sent.json()) as { id: string }).id;
    const assignee = ((await (await hub.call('GET', '/v1/me', { token: await hub.tokenFor('casa-esperanca', 'caseworker') })).json()) as { id: string }).id;
    const accepted = await hub.call('POST', `/v1/referrals/${referralId}/accept`, { token: await hub.tokenFor('casa-esperanca', 'focal-point'), json: { assigneeId: assignee } });
    expect(accepted.status).toBe(200);
    const receiver = await consoleClient(hub, 'casa-esperanca', 'caseworker');
    const referralPage = await receiver.get(`/console/referrals/${referralId}`);
    expect(referralPage.html).toContain('Documents shared with you');
    const shared = new RegExp(`href="(/console/referrals/${referralId}/documents/[0-9a-f-]{36})"`).exec(referralPage.html)?.[1];
    expect(shared).toBeDefined();
    const theirs = await receiver.fetch(shared!);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(sha256(new Uint8Array(await theirs.arrayBuffer()))).toBe(sha256(PDF));
    // The focal point, not the assignee, gets no document link and no download.
    const focal = await consoleClient(hub, 'casa-esperanca', 'focal-point');
    expect((await focal.get(`/console/referrals/${referralId}`)).html).not.toContain('/documents/');
    expect((await focal.fetch(shared!)).status).toBe(403);

    // IOM's privacy officer reads it in the access log, in words: a document downloaded, by whom, which category.
    const privacy = await consoleClient(hub, 'iom', 'privacy', 'pt');
    const log = await privacy.get('/console/access-log');
    expect(log.status).toBe(200);
    expect(log.html).toContain('Documento de uma pessoa encaminhada · documento descarregado');
    expect(log.html).toContain('Documento de um titular · documento descarregado');
  });
});
