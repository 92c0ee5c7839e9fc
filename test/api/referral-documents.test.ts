import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PonteClient } from '@ponte/client';
import { withTenant } from '@ponte/db';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Documents (issue 21, item 5), on both engines: a caseworker adds PDF, PNG and JPEG files to a
 * subject under a data category; the owner lists and downloads them (attachment, nosniff, the
 * SHA-256 the upload answered); the receiving agency sees and downloads a `health` document only
 * while a referral shares `health` (IOM → Casa Esperança, whose agreement has it; not IOM →
 * Caminho Seguro, whose agreement has none) and only until the consent is withdrawn; every
 * download is in the access log; and every bad upload is refused naming its check, storing nothing.
 */
const ref = (id: string) => ({ params: { path: { id } } });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const bytes = (...parts: Array<string | number[] | Uint8Array>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
/** A PDF larger than one stored piece (256 KiB), so its download is streamed in two. */
const PDF = bytes('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% ', 'x'.repeat(300 * 1024), '\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0], 'IEND');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const EXE = bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], 'This program cannot be run in DOS mode.');
const ELF = bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 'not a document');
/** A PDF that is also a ZIP archive: local file header and end-of-central-directory record inside. */
const POLYGLOT = bytes('%PDF-1.4\n%', [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0], 'evil.exe', [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0], '\n%%EOF\n');
/** A zip bomb's first bytes, sent as a PDF: refused by its magic bytes before anything unpacks it. */
const ZIP_BOMB = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0], 'bomb.pdf', Buffer.alloc(2048, 0));
const MAX_BYTES = 400 * 1024;

describe.each(BOTH_ENGINES)('documents on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const count = async (table: 'documents' | 'document_chunks') => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(hub.database.db)).rows[0]!.n;

  function upload(who: string, subjectId: string, content: Uint8Array, options: { type?: string; category?: string; title?: string; key?: string } = {}) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens[who]}`,
      'content-type': options.type ?? 'application/pdf',
      'ponte-document-title': options.title ?? encodeURIComponent('Relatório médico'),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    };
    return hub.app.request(`/v1/subjects/${subjectId}/documents?category=${options.category ?? 'health'}`, { method: 'POST', headers, body: content });
  }
  const get = (who: string, path: string) => hub.app.request(path, { headers: { authorization: `Bearer ${tokens[who]}` } });

  async function subjectWithConsent(recipients: string[], purposes: string[]) {
    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: { identity: { givenName: 'Amélia', familyName: 'Nhantumbo', dateOfBirth: '1992-05-14', sex: 'female', languages: ['pt'] }, contact: { phone: '+258845550123', safeToContact: true }, health: { medicalNeeds: ['antenatal care'], urgentCare: false, pregnant: true } },
      }),
    );
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes, recipients, categories: ['identity', 'contact', 'health'], legalBasis: 'consent', validUntil: new Date(Date.now() + 90 * 86400_000).toISOString() } as never,
      }),
    );
    return { subjectId: subject.id, consentId: consent.consent.id };
  }

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000, documentMaxBytes: MAX_BYTES });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iom2', 'iom', 'caseworker2'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['ceFocal', 'casa-esperanca', 'focal-point'],
      ['ceCaseworker', 'casa-esperanca', 'caseworker'],
      ['ceCaseworker2', 'casa-esperanca', 'caseworker2'],
      ['ceCaseworkerPrivacy', 'casa-esperanca', 'privacy'],
      ['csFocal', 'caminho-seguro', 'focal-point'],
      ['csCaseworker', 'caminho-seguro', 'caseworker'],
      ['unicef', 'unicef', 'caseworker'],
    ] as const) {
      c[name] = hub.client(agency, user);
      tokens[name] = await hub.tokenFor(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  let subject: { subjectId: string; consentId: string };
  const docs: Record<string, { id: string; sha256: string }> = {};

  it('adds a PDF, a PNG and a JPEG under their categories, answering the SHA-256 it computed; a retry with the same key adds nothing', async () => {
    subject = await subjectWithConsent(['casa-esperanca', 'caminho-seguro'], ['protection_assistance', 'return_reintegration']);
    for (const [name, content, type, category] of [
      ['health', PDF, 'application/pdf', 'health'],
      ['identity', PNG, 'image/png', 'identity'],
      ['contact', JPEG, 'image/jpeg', 'contact'],
    ] as const) {
      const res = await upload('iom', subject.subjectId, content, { type, category, key: `doc-${name}` });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; sha256: string; size: number; contentType: string; category: string; title: string };
      expect(body).toMatchObject({ subjectId: subject.subjectId, category, contentType: type, size: content.length, sha256: sha256(content), title: 'Relatório médico', createdBy: ids.iom });
      expect(res.headers.get('location')).toBe(`/v1/subjects/${subject.subjectId}/documents/${body.id}/content`);
      docs[name] = body;
    }
    const before = [await count('documents'), await count('document_chunks')];
    expect(before).toEqual([3, 4]);
    const retry = await upload('iom', subject.subjectId, PDF, { key: 'doc-health' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as { id: string }).id).toBe(docs.health!.id);
    expect([await count('documents'), await count('document_chunks')]).toEqual(before);
    // The same key with another file names another request: refused, nothing stored.
    const reused = await upload('iom', subject.subjectId, PNG, { type: 'image/png', category: 'identity', key: 'doc-health' });
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe('idempotency_key_reused');
    expect([await count('documents'), await count('document_chunks')]).toEqual(before);
  });

  it('lets the owner list and download them: an attachment, nosniff, the stored type and length, the SHA-256 as ETag', async () => {
    const list = await get('iom', `/v1/subjects/${subject.subjectId}/documents`);
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: Array<{ id: string; category: string }> }).items;
    expect(items.map((d) => d.category).sort()).toEqual(['contact', 'health', 'identity']);

    const res = await get('iom', `/v1/subjects/${subject.subjectId}/documents/${docs.health!.id}/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="health-[0-9a-f]{8}\.pdf"$/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-length')).toBe(String(PDF.length));
    expect(res.headers.get('etag')).toBe(`"${sha256(PDF)}"`);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body.length).toBe(PDF.length);
    expect(sha256(body)).toBe(docs.health!.sha256);

    const png = await get('iom', `/v1/subjects/${subject.subjectId}/documents/${docs.identity!.id}/content`);
    expect(png.headers.get('content-disposition')).toMatch(/^attachment; filename="identity-[0-9a-f]{8}\.png"$/);
    expect(Buffer.from(await png.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses a colleague without need-to-know (404), another agency (404) and the privacy officer (403), logging each', async () => {
    expect((await get('iom2', `/v1/subjects/${subject.subjectId}/documents`)).status).toBe(404);
    expect((await get('iom2', `/v1/subjects/${subject.subjectId}/documents/${docs.health!.id}/content`)).status).toBe(404);
    expect((await get('unicef', `/v1/subjects/${subject.subjectId}/documents/${docs.health!.id}/content`)).status).toBe(404);
    const privacy = await get('iomPrivacy', `/v1/subjects/${subject.subjectId}/documents/${docs.health!.id}/content`);
    expect(privacy.status).toBe(403);
    expect(privacy.headers.get('content-type')).toContain('application/problem+json');
  });

  it('gives the receiving agency a health document only while the referral shares health, and logs the download', async () => {
    const sent = unwrap(
      await c.iom!.api.POST('/v1/referrals', { body: { to: 'casa-esperanca', subjectId: subject.subjectId, consentId: subject.consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'health'] } as never }),
    );
    const path = `/v1/referrals/${sent.id}/documents`;
    // Not accepted yet: its focal point triages without personal data, documents included.
    expect((await get('ceFocal', path)).status).toBe(403);
    expect((await get('ceFocal', `${path}/${docs.health!.id}/content`)).status).toBe(403);
    unwrap(await c.ceFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(sent.id), body: { assigneeId: ids.ceCaseworker! } }));

    const list = await get('ceCaseworker', path);
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: Array<{ id: string; category: string }> }).items;
    expect(items.map((d) => d.category).sort()).toEqual(['health', 'identity']);

    const res = await get('ceCaseworker', `${path}/${docs.health!.id}/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(PDF));

    // Row-level security says the same in the database itself: the receiving agency's role sees the
    // documents of the shared categories of an accepted referral, and no other (whatever the policy said).
    const seen = await withTenant(hub.database.db, await agencyIdOf(hub.database.db, 'casa-esperanca'), (tx) => tx.selectFrom('documents').select('category').execute());
    expect(seen.map((d) => d.category).sort()).toEqual(['health', 'identity']);
    const pieces = await withTenant(hub.database.db, await agencyIdOf(hub.database.db, 'casa-esperanca'), (tx) => tx.selectFrom('document_chunks').select('document_id').execute());
    expect(new Set(pieces.map((p) => p.document_id))).toEqual(new Set([docs.health!.id, docs.identity!.id]));
    expect(await withTenant(hub.database.db, await agencyIdOf(hub.database.db, 'unicef'), (tx) => tx.selectFrom('documents').select('id').execute())).toEqual([]);

    // Not shared: the contact document is not found; the focal point and a colleague are not the assignee.
    expect((await get('ceCaseworker', `${path}/${docs.contact!.id}/content`)).status).toBe(404);
    const focal = await get('ceFocal', `${path}/${docs.health!.id}/content`);
    expect(focal.status).toBe(403);
    expect(((await focal.json()) as { rule: string }).rule).toBe('referral.not_assigned');
    expect((await get('ceCaseworker2', `${path}/${docs.health!.id}/content`)).status).toBe(404);
    // The sender reads its own subject's documents where it always does.
    expect((await get('iom', `${path}/${docs.health!.id}/content`)).status).toBe(403);

    // Both agencies' privacy officers see the download, with the document's category.
    const log = unwrap(await c.iomPrivacy!.api.GET('/v1/access-events', { params: { query: { subjectId: subject.subjectId, limit: 500 } } }));
    expect(log.items).toContainEqual(expect.objectContaining({ resource: 'ReferredDocument', resourceId: docs.health!.id, action: 'download', decision: 'allow', fields: ['health'], rule: 'referral.shared' }));
    expect(log.items).toContainEqual(expect.objectContaining({ resource: 'Document', resourceId: docs.health!.id, action: 'download', decision: 'allow', fields: ['health'] }));
    expect(log.items).toContainEqual(expect.objectContaining({ resource: 'ReferredDocument', action: 'download', decision: 'deny', rule: 'referral.not_assigned' }));
    // And the subject's "who saw my data" report says which agency downloaded which category.
    const report = await get('iomPrivacy', `/v1/subjects/${subject.subjectId}/access-report`);
    expect(report.status).toBe(200);
    expect(((await report.json()) as { accesses: unknown[] }).accesses).toContainEqual(
      expect.objectContaining({ agency: expect.objectContaining({ slug: 'casa-esperanca' }), resource: 'ReferredDocument', action: 'download', categories: ['health'], decision: 'allow' }),
    );
    const theirs = unwrap(await c.ceCaseworkerPrivacy!.api.GET('/v1/access-events', { params: { query: { limit: 500 } } }));
    expect(theirs.items).toContainEqual(expect.objectContaining({ resource: 'ReferredDocument', resourceId: docs.health!.id, action: 'download', decision: 'allow', fields: ['health'] }));
  });

  it('gives nothing of health where the agreement has no health (IOM → Caminho Seguro)', async () => {
    const sent = unwrap(
      await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId: subject.subjectId, consentId: subject.consentId, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity', 'health'] } as never }),
    );
    unwrap(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(sent.id), body: { assigneeId: ids.csCaseworker! } }));
    const list = await get('csCaseworker', `/v1/referrals/${sent.id}/documents`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: Array<{ category: string }> }).items.map((d) => d.category)).toEqual(['identity']);
    // The referral shares only what the agreement allows (identity): the health document is not there for it.
    const res = await get('csCaseworker', `/v1/referrals/${sent.id}/documents/${docs.health!.id}/content`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { rule: string }).rule).toBe('referral.category_not_shared');
    expect(res.headers.get('content-disposition')).toBeNull();
  });

  it('stops the health document reaching the recipient once the consent is withdrawn', async () => {
    const referrals = unwrap(await c.ceCaseworker!.api.GET('/v1/referrals', { params: { query: { limit: 50 } } } as never)) as { items: Array<{ id: string }> };
    const id = referrals.items[0]!.id;
    unwrap(await c.iom!.api.POST('/v1/consents/{id}/withdraw', { params: { path: { id: subject.consentId } }, body: { requestedBy: 'subject', method: 'verbal_with_witness', reason: 'Changed her mind' } as never }));
    const res = await get('ceCaseworker', `/v1/referrals/${id}/documents/${docs.health!.id}/content`);
    const problem = (await res.json()) as { rule: string };
    expect([res.status, problem.rule]).toEqual([403, 'referral.consent_inactive']);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect((await get('ceCaseworker', `/v1/referrals/${id}/documents`)).status).toBe(403);
  });

  describe('refusals store nothing', () => {
    let other: { subjectId: string };
    beforeAll(async () => {
      other = await subjectWithConsent(['casa-esperanca'], ['protection_assistance']);
    });

    it.each([
      ['an executable named .pdf (MZ)', EXE, 'application/pdf', 415, 'magic_bytes'],
      ['an ELF binary named .pdf', ELF, 'application/pdf', 415, 'magic_bytes'],
      ['a zip bomb named .pdf', ZIP_BOMB, 'application/pdf', 415, 'magic_bytes'],
      ['a polyglot PDF that is also a ZIP', POLYGLOT, 'application/pdf', 415, 'single_format'],
      ['a PNG declared as a PDF', PNG, 'application/pdf', 415, 'declared_type_matches'],
      ['an empty file', new Uint8Array(0), 'application/pdf', 400, 'not_empty'],
      ['a file past the size limit', bytes('%PDF-1.7\n', Buffer.alloc(MAX_BYTES + 1, 0x20)), 'application/pdf', 413, 'max_size'],
    ])('%s', async (_name, content, type, status, check) => {
      const before = [await count('documents'), await count('document_chunks')];
      const res = await upload('iom', other.subjectId, content, { type });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors?: Array<{ check: string }> };
      expect(problem.errors).toContainEqual(expect.objectContaining({ check }));
      expect([await count('documents'), await count('document_chunks')]).toEqual(before);
    });

    it('refuses a category the uploader may not write, a subject it may not know, and a bad title', async () => {
      const before = [await count('documents'), await count('document_chunks')];
      const privacy = await upload('iomPrivacy', other.subjectId, PDF);
      expect(privacy.status).toBe(403);
      expect(((await privacy.json()) as { rule: string }).rule).toBe('Document.create');
      expect((await upload('iom2', other.subjectId, PDF)).status).toBe(404);
      expect((await upload('unicef', other.subjectId, PDF)).status).toBe(404);
      const badCategory = await upload('iom', other.subjectId, PDF, { category: 'diary' });
      expect(badCategory.status).toBe(400);
      const badTitle = await upload('iom', other.subjectId, PDF, { title: '%E0%A4%A' });
      expect(badTitle.status).toBe(400);
      expect(((await badTitle.json()) as { errors: Array<{ check: string }> }).errors).toContainEqual(expect.objectContaining({ check: 'percent_encoding' }));
      // A header's raw UTF-8 bytes (not percent-encoded) would be stored garbled: refused the same way.
      const rawTitle = await upload('iom', other.subjectId, PDF, { title: 'Relatório' });
      expect(rawTitle.status).toBe(400);
      expect(((await rawTitle.json()) as { errors: Array<{ check: string }> }).errors).toContainEqual(expect.objectContaining({ field: 'ponte-document-title', check: 'percent_encoding' }));
      expect([await count('documents'), await count('document_chunks')]).toEqual(before);
    });

    it.each([
      ['the person’s given name', 'Relatório de Amélia'],
      ['the person’s family name, in capitals', 'Relatório NHANTUMBO'],
      ['the person’s date of birth, day first', 'Relatório 14/05/1992'],
    ])('refuses a title giving %s: it would reach agencies not shared identity', async (_name, title) => {
      const before = [await count('documents'), await count('document_chunks')];
      const res = await upload('iom', other.subjectId, PDF, { title: encodeURIComponent(title) });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { rule: string; errors: Array<{ field: string; check: string }> };
      expect(problem.rule).toBe('document.title_personal_data');
      expect(problem.errors).toContainEqual(expect.objectContaining({ field: 'ponte-document-title', check: 'no_personal_data' }));
      expect(JSON.stringify(problem)).not.toContain('Amélia');
      expect([await count('documents'), await count('document_chunks')]).toEqual(before);
    });
  });
});
