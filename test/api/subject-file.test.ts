import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PonteClient } from '@ponte/client';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * The person's file (issue 22, item 1) through the typed SDK, on both engines: IOM registers a
 * woman, records her consent (in Portuguese, with an interpreter) and a second one it then
 * withdraws, adds a document, refers her to Casa Esperança (which accepts and reads her data) and
 * corrects her contact details. Her caseworker and the team's supervisor produce her file: every
 * category with who recorded and changed it, every consent and withdrawal with the receipts'
 * references, the referral with its history and the correction, the document's metadata without
 * its content, and who saw her data. Producing it is logged (Subject, file); another agency, even
 * the one holding her referral, is answered 404, as is a caseworker of IOM outside need-to-know;
 * the privacy officer and emergency (break-glass) access are answered 403; each refusal is logged too.
 */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe.each(BOTH_ENGINES)('the person’s file on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let subjectId: string;
  let consentId: string;
  let withdrawnId: string;
  let referralId: string;
  let documentId: string;

  const fileEvents = async () =>
    (
      await sql<{ actor_id: string; decision: string; rule: string; fields: string[]; subject_id: string | null }>`
        select actor_id, decision, rule, fields, subject_id from access_events where resource = 'Subject' and action = 'file' order by occurred_at, id`.execute(hub.database.db)
    ).rows;

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iom2', 'iom', 'caseworker2'],
      ['iomSupervisor', 'iom', 'supervisor'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['ceFocal', 'casa-esperanca', 'focal-point'],
      ['ce', 'casa-esperanca', 'caseworker'],
      ['unhcr', 'unhcr', 'caseworker'],
    ] as const) {
      c[name] = hub.client(agency, user);
      tokens[name] = await hub.tokenFor(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }

    subjectId = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: {
          identity: { givenName: 'Amélia', familyName: 'Nhantumbo', dateOfBirth: '1992-05-14', sex: 'female', languages: ['pt'] },
          contact: { phone: '+258845550123', safeToContact: true },
          location: { current: { country: 'MOZ', province: 'MZ-MPM' } },
        },
      }),
    ).id;
    const consent = (categories: Array<'identity' | 'contact' | 'location'>, recipients: string[], interpreterUsed: boolean) => ({
      grantedBy: 'subject' as const,
      method: 'written' as const,
      language: 'pt',
      interpreterUsed,
      purposes: ['protection_assistance' as const],
      recipients,
      categories,
      legalBasis: 'consent' as const,
      validUntil: inDays(90),
    });
    consentId = unwrap(await c.iom!.api.POST('/v1/subjects/{id}/consents', { ...ref(subjectId), body: consent(['identity', 'contact'], ['casa-esperanca'], true) })).consent.id;
    withdrawnId = unwrap(await c.iom!.api.POST('/v1/subjects/{id}/consents', { ...ref(subjectId), body: consent(['location'], [], false) })).consent.id;
    expect(answer(await c.iom!.api.POST('/v1/consents/{id}/withdraw', { ...ref(withdrawnId), body: { requestedBy: 'subject', method: 'verbal_with_witness', reason: 'She no longer wants her whereabouts kept' } })).status).toBe(200);

    const uploaded = await hub.app.request(`/v1/subjects/${subjectId}/documents?category=identity`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.iom}`, 'content-type': 'application/pdf', 'ponte-document-title': encodeURIComponent('Cartão de residência') },
      body: PDF,
    });
    expect(uploaded.status).toBe(201);
    documentId = ((await uploaded.json()) as { id: string }).id;

    referralId = unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'casa-esperanca', subjectId, consentId, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'contact'] },
      }),
    ).id;
    expect(answer(await c.ceFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(referralId), body: { assigneeId: ids.ce! } })).status).toBe(200);
    expect(answer(await c.ce!.api.GET('/v1/referrals/{id}/subject', ref(referralId))).status).toBe(200);
    expect(answer(await c.iom!.api.PATCH('/v1/subjects/{id}', { ...ref(subjectId), headers: { 'if-match': '*' }, body: { contact: { phone: '+258845550999', safeToContact: true } } })).status).toBe(200);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('gives her caseworker her whole file, in sections', async () => {
    const res = answer(await c.iom!.api.GET('/v1/subjects/{id}/file', { ...ref(subjectId), params: { path: { id: subjectId }, query: { lang: 'pt' } } }));
    expect(res.status).toBe(200);
    const file = res.body;
    expect(file).toMatchObject({ subjectId, agency: 'iom', language: 'pt', producedBy: { kind: 'user', id: ids.iom } });
    expect(Object.keys(file.sections)).toEqual(['data', 'consents', 'referrals', 'transfers', 'documents', 'accesses', 'erasure']);
    expect(file.sections.erasure).toBeNull();

    // What IOM holds: readable categories with their data and who recorded and changed them; the rest held or not, with the rule.
    const category = (name: string) => file.sections.data.categories.find((x: { category: string }) => x.category === name);
    expect(file.sections.data.recordedBy).toBe(ids.iom);
    expect(category('identity')).toMatchObject({ held: true, readable: true, withheldBy: null, value: { givenName: 'Amélia' } });
    expect(category('contact').value.phone).toBe('+258845550999');
    expect(category('contact').changes.map((x: { action: string; actor: { id: string } }) => [x.action, x.actor.id])).toEqual([
      ['create', ids.iom],
      ['update', ids.iom],
    ]);
    // Location is held, but its consent was withdrawn: listed with the rule, without the data.
    expect(category('location')).toMatchObject({ held: true, readable: false, value: null });
    expect(category('location').withheldBy).toMatch(/^consent\./);
    expect(category('health')).toMatchObject({ held: false, value: null });

    // Every consent, with its language, interpreter, who granted and recorded it, the receipts' references and the withdrawal.
    const consents = file.sections.consents as Array<Record<string, any>>;
    expect(consents.map((x) => x.id).sort()).toEqual([consentId, withdrawnId].sort());
    const given = consents.find((x) => x.id === consentId)!;
    expect(given).toMatchObject({ language: 'pt', interpreterUsed: true, grantedBy: 'subject', recordedBy: ids.iom, receiptReference: `${consentId}:1:given`, withdrawal: null, withdrawalReceiptReference: null, recipients: ['casa-esperanca'] });
    expect(given.versions).toHaveLength(1);
    const withdrawn = consents.find((x) => x.id === withdrawnId)!;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnBy: ids.iom, withdrawalReceiptReference: `${withdrawnId}:1:withdrawn`, withdrawal: { requestedBy: 'subject', method: 'verbal_with_witness' } });

    // The referral: to whom, what, the categories shared, its history with the correction carried to Casa.
    expect(file.sections.referrals.sent).toHaveLength(1);
    const referral = file.sections.referrals.sent[0];
    expect(referral).toMatchObject({ id: referralId, to: 'casa-esperanca', service: 'shelter', purpose: 'protection_assistance', status: 'accepted', sharedCategories: ['identity', 'contact'], consentId });
    expect(referral.history.map((h: { step: string }) => h.step)).toEqual(['send', 'accept', 'rectified']);
    expect(referral.history.at(-1)).toMatchObject({ step: 'rectified', categories: ['contact'], actorAgency: 'iom' });
    expect(file.sections.referrals.onward).toEqual([]);
    expect(file.sections.transfers).toEqual([]);

    // The document: what it is, never what it holds.
    expect(file.sections.documents).toHaveLength(1);
    const document = file.sections.documents[0];
    expect(document).toMatchObject({ id: documentId, title: 'Cartão de residência', category: 'identity', contentType: 'application/pdf', size: PDF.byteLength });
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(document).sort()).toEqual(['category', 'contentType', 'createdAt', 'createdBy', 'id', 'sha256', 'size', 'title']);

    // Who saw her data: Casa Esperança's read through the referral is there, with the agency named in Portuguese.
    const casaRead = file.sections.accesses.find((a: { agency: { slug: string }; actor: { id: string }; decision: string; categories: string[] }) => a.agency.slug === 'casa-esperanca' && a.actor.id === ids.ce && a.decision === 'allow' && a.categories.includes('identity'));
    expect(casaRead).toMatchObject({ agency: { name: expect.any(String) }, actor: { kind: 'user' } });
    expect(casaRead.categories.sort()).toEqual(['contact', 'identity']);

    // Producing it is an access: logged with the categories shown, the withheld one as a denial.
    const logged = await fileEvents();
    expect(logged.filter((e) => e.actor_id === ids.iom && e.decision === 'allow')).toEqual([expect.objectContaining({ subject_id: subjectId, fields: ['identity', 'contact'] })]);
    expect(logged.filter((e) => e.actor_id === ids.iom && e.decision === 'deny').map((e) => e.fields)).toContainEqual(['location']);
  });

  it('gives it to the team’s supervisor too', async () => {
    const res = answer(await c.iomSupervisor!.api.GET('/v1/subjects/{id}/file', ref(subjectId)));
    expect(res.status).toBe(200);
    expect(res.body.sections.referrals.sent[0].id).toBe(referralId);
  });

  it('refuses another agency, even the one holding her referral, as not found, and logs the refusal', async () => {
    for (const [who, client] of [
      ['ce', c.ce!],
      ['unhcr', c.unhcr!],
    ] as const) {
      const res = answer(await client.api.GET('/v1/subjects/{id}/file', ref(subjectId)));
      expect(res.status, who).toBe(404);
      expect(res.body).toMatchObject({ code: 'not_found' });
      expect(JSON.stringify(res.body)).not.toMatch(/Amélia|Nhantumbo|8455/);
      expect((await fileEvents()).filter((e) => e.actor_id === ids[who])).toEqual([expect.objectContaining({ decision: 'deny', rule: 'tenant_isolation' })]);
    }
  });

  it('refuses a caseworker of her agency outside need-to-know, and the privacy officer, and logs each refusal', async () => {
    const outside = answer(await c.iom2!.api.GET('/v1/subjects/{id}/file', ref(subjectId)));
    expect(outside.status).toBe(404);
    expect(outside.body).toMatchObject({ code: 'not_found', rule: 'need_to_know' });
    expect((await fileEvents()).filter((e) => e.actor_id === ids.iom2)).toEqual([expect.objectContaining({ decision: 'deny', rule: 'need_to_know' })]);

    const privacy = answer(await c.iomPrivacy!.api.GET('/v1/subjects/{id}/file', ref(subjectId)));
    expect(privacy.status).toBe(403);
    expect(JSON.stringify(privacy.body)).not.toMatch(/Amélia|Nhantumbo|8455/);
    expect((await fileEvents()).filter((e) => e.actor_id === ids.iomPrivacy)).toEqual([expect.objectContaining({ decision: 'deny' })]);
  });

  it('does not extend emergency (break-glass) access to the file: the caseworker reads the data, not the file', async () => {
    expect(answer(await c.iom2!.api.POST('/v1/subjects/{id}/break-glass', { ...ref(subjectId), body: { justification: 'She was admitted to hospital and her caseworker is away' } })).status).toBe(201);
    expect(answer(await c.iom2!.api.GET('/v1/subjects/{id}', ref(subjectId))).status).toBe(200);
    const res = answer(await c.iom2!.api.GET('/v1/subjects/{id}/file', ref(subjectId)));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'forbidden', rule: 'need_to_know' });
    expect((await fileEvents()).filter((e) => e.actor_id === ids.iom2).map((e) => e.decision)).toEqual(['deny', 'deny']);
  });

  it('leaves her own caseworker the file when that caseworker also asked for emergency access', async () => {
    expect(answer(await c.iom!.api.POST('/v1/subjects/{id}/break-glass', { ...ref(subjectId), body: { justification: 'Out of hours, her shelter called about her' } })).status).toBe(201);
    expect(answer(await c.iom!.api.GET('/v1/subjects/{id}/file', ref(subjectId))).status).toBe(200);
  });

  it('gives a person who withdrew every consent her file still: what is held, without the data no basis covers now, and the withdrawal', async () => {
    const withdrawer = unwrap(
      await c.iom!.api.POST('/v1/subjects', { body: { identity: { givenName: 'Celeste', familyName: 'Machava', dateOfBirth: '1988-01-20', sex: 'female', languages: ['pt'] } } }),
    ).id;
    const only = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(withdrawer),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['protection_assistance'], recipients: [], categories: ['identity'], legalBasis: 'consent', validUntil: inDays(90) },
      }),
    ).consent.id;
    expect(answer(await c.iom!.api.POST('/v1/consents/{id}/withdraw', { ...ref(only), body: { requestedBy: 'subject', method: 'written', reason: 'She asks what is held and wants nothing shared' } })).status).toBe(200);

    const res = answer(await c.iom!.api.GET('/v1/subjects/{id}/file', ref(withdrawer)));
    expect(res.status).toBe(200);
    const identity = res.body.sections.data.categories.find((x: { category: string }) => x.category === 'identity');
    expect(identity).toMatchObject({ held: true, readable: false, value: null, withheldBy: 'consent.withdrawn' });
    expect(JSON.stringify(res.body)).not.toContain('Machava');
    expect(res.body.sections.consents).toMatchObject([{ id: only, status: 'withdrawn', withdrawal: { requestedBy: 'subject' } }]);
    // Still not to whoever is outside need-to-know.
    expect(answer(await c.iom2!.api.GET('/v1/subjects/{id}/file', ref(withdrawer))).status).toBe(404);
  });

  it('answers 400 for an id that is not one, and 404 for an unknown subject, changing nothing', async () => {
    const before = (await fileEvents()).length;
    const bad = await hub.app.request('/v1/subjects/not-an-id/file', { headers: { authorization: `Bearer ${tokens.iom}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_request', errors: [expect.objectContaining({ in: 'path', field: 'id' })] });
    const unknown = answer(await c.iom!.api.GET('/v1/subjects/{id}/file', ref('0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90')));
    expect(unknown.status).toBe(404);
    expect((await fileEvents()).length).toBe(before + 1);
  });
});
