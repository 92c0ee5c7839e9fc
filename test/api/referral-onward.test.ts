import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type components, type PonteClient } from '@ponte/client';
import { withTenant } from '@ponte/db';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Onward referrals (issue 21, item 3) through the typed SDK, on both engines: MGCAS refers a child
 * to UNICEF, UNICEF accepts and refers the child on to Casa Esperança, under the parent's consent
 * (when it names Casa Esperança) or under a new consent UNICEF records with the child's guardian;
 * each refusal stores nothing; the chain as each party sees it; the withdrawal of the original
 * consent stops the third agency's reads and asks every agency on the chain to purge, while the
 * withdrawal of UNICEF's own consent stops only the onward referral; the access log keeps the
 * onward send and the third agency's reads, for the owner to see.
 */
type Schemas = components['schemas'];
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();

const GUARDIAN_CONSENT: Omit<Schemas['RecordConsent'], 'recipients' | 'validUntil'> = {
  grantedBy: 'guardian',
  guardian: { name: 'Rosa Mabunda', relationship: 'aunt' },
  childAssent: 'given',
  method: 'written',
  language: 'pt',
  interpreterUsed: false,
  purposes: ['psychosocial_support'],
  categories: ['identity', 'contact', 'protection'],
  legalBasis: 'consent',
};

describe.each(BOTH_ENGINES)('onward referrals on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const count = async (table: 'referrals' | 'consents') => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(hub.database.db)).rows[0]!.n;
  const counts = async () => ({ referrals: await count('referrals'), consents: await count('consents') });

  /** MGCAS registers a child, records the guardian's consent naming `recipients`, refers the child to UNICEF; UNICEF accepts and assigns its caseworker. */
  async function acceptedAtUnicef(givenName: string, recipients: string[]) {
    const subject = unwrap(
      await c.mgcas!.api.POST('/v1/subjects', {
        body: { identity: { givenName, familyName: 'Mabunda', dateOfBirth: '2014-05-02', sex: 'female', languages: ['pt'] }, contact: { phone: '+258845550123', safeToContact: true } },
      }),
    );
    const consent = unwrap(await c.mgcas!.api.POST('/v1/subjects/{id}/consents', { ...ref(subject.id), body: { ...GUARDIAN_CONSENT, recipients, validUntil: inDays(90) } }));
    const sent = unwrap(
      await c.mgcas!.api.POST('/v1/referrals', {
        body: { to: 'unicef', subjectId: subject.id, consentId: consent.consent.id, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity', 'contact', 'protection'] },
      }),
    );
    expect(answer(await c.unicefFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(sent.id), body: {} })).status).toBe(200);
    expect(answer(await c.unicefFocal!.api.POST('/v1/referrals/{id}/assign', { ...ref(sent.id), body: { assigneeId: ids.unicef! } })).status).toBe(200);
    return { subjectId: subject.id, consentId: consent.consent.id, parentId: sent.id };
  }

  const onward = (extra: Partial<Schemas['ReferOnward']> = {}): Schemas['ReferOnward'] => ({
    to: 'casa-esperanca',
    service: 'psychosocial_support',
    purpose: 'psychosocial_support',
    urgency: 'routine',
    categories: ['identity', 'contact'],
    ...extra,
  });

  async function acceptAtCasa(id: string) {
    expect(answer(await c.casaFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(id), body: {} })).status).toBe(200);
    expect(answer(await c.casaFocal!.api.POST('/v1/referrals/{id}/assign', { ...ref(id), body: { assigneeId: ids.casa! } })).status).toBe(200);
  }

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, agency, user] of [
      ['mgcas', 'mgcas', 'caseworker'],
      ['mgcasPrivacy', 'mgcas', 'privacy'],
      ['unicef', 'unicef', 'caseworker'],
      ['unicef2', 'unicef', 'caseworker2'],
      ['unicefFocal', 'unicef', 'focal-point'],
      ['unicefPrivacy', 'unicef', 'privacy'],
      ['casa', 'casa-esperanca', 'caseworker'],
      ['casaFocal', 'casa-esperanca', 'focal-point'],
      ['iom', 'iom', 'caseworker'],
      ['iomFocal', 'iom', 'focal-point'],
    ] as const) {
      c[name] = hub.client(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  let a: Awaited<ReturnType<typeof acceptedAtUnicef>>;
  let onwardA: string;

  it("UNICEF refers the child on under the parent's consent, which names Casa Esperança; Casa reads what was shared", async () => {
    a = await acceptedAtUnicef('Teresa', ['unicef', 'casa-esperanca']);
    const sent = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(a.parentId), body: onward({ note: 'Weekly group sessions near the school.' }) }));
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ from: 'unicef', to: 'casa-esperanca', status: 'sent', parentReferralId: a.parentId, sharedCategories: ['identity', 'contact'], view: 'sender', onwardReferrals: [] });
    onwardA = sent.body.id;

    // Casa's intake sees the triage, not the parent; once accepted, its caseworker reads what was shared.
    const triage = answer(await c.casaFocal!.api.GET('/v1/referrals/{id}', ref(onwardA)));
    expect(triage.body).toMatchObject({ view: 'triage', parentReferralId: null, subjectId: null, onwardReferrals: [] });
    expect(triage.body.triage.ageBand).toBe('12-17');
    await acceptAtCasa(onwardA);
    const read = answer(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(onwardA)));
    expect(read.status).toBe(200);
    expect(Object.keys(read.body.data).sort()).toEqual(['contact', 'identity']);
    expect(read.body.data.identity.givenName).toBe('Teresa');
    expect(read.body.access.readable.sort()).toEqual(['contact', 'identity']);
  });

  it('gives Casa Esperança the documents of the categories the onward referral shares, as it gives their data', async () => {
    const token = await hub.tokenFor('mgcas', 'caseworker');
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const upload = async (category: string) => {
      const res = await hub.app.request(`/v1/subjects/${a.subjectId}/documents?category=${category}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'ponte-document-title': encodeURIComponent(`Document under ${category}`) },
        body: pdf,
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const identityDoc = await upload('identity');
    const protectionDoc = await upload('protection');
    const casa = await hub.tokenFor('casa-esperanca', 'caseworker');
    const get = (path: string) => hub.app.request(path, { headers: { authorization: `Bearer ${casa}` } });
    const listed = await get(`/v1/referrals/${onwardA}/documents`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: Array<{ id: string }> }).items.map((d) => d.id)).toEqual([identityDoc]);
    const download = await get(`/v1/referrals/${onwardA}/documents/${identityDoc}/content`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // Protection went to UNICEF, not on to Casa: not found.
    expect((await get(`/v1/referrals/${onwardA}/documents/${protectionDoc}/content`)).status).toBe(404);
    // The owner's privacy officer sees Casa's download of its subject's document.
    const log = unwrap(await c.mgcasPrivacy!.api.GET('/v1/access-events', { params: { query: { subjectId: a.subjectId, limit: 500 } } }));
    expect(log.items).toContainEqual(expect.objectContaining({ resource: 'ReferredDocument', resourceId: identityDoc, action: 'download', decision: 'allow', fields: ['identity'] }));
  });

  let second: string;

  it('lets Casa Esperança refer the child on again, under its own new consent: the chain keeps its root', async () => {
    const sent = answer(
      await c.casa!.api.POST('/v1/referrals/{id}/onward', {
        ...ref(onwardA),
        body: onward({ to: 'iom', categories: ['identity'], consent: { ...GUARDIAN_CONSENT, recipients: ['iom'], categories: ['identity'], validUntil: inDays(30) } }),
      }),
    );
    expect(sent.status).toBe(201);
    second = sent.body.id;
    const roots = await sql<{ root_referral_id: string; root_consent_id: string }>`select root_referral_id, root_consent_id from referrals where id = ${second}`.execute(hub.database.db);
    expect(roots.rows[0]).toEqual({ root_referral_id: a.parentId, root_consent_id: a.consentId });
    expect(answer(await c.iomFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(second), body: { assigneeId: ids.iom! } })).status).toBe(200);
    const read = answer(await c.iom!.api.GET('/v1/referrals/{id}/subject', ref(second)));
    expect(read.status).toBe(200);
    expect(Object.keys(read.body.data)).toEqual(['identity']);
    // The owner sees both levels; the consent names neither IOM, so not to whom the second went.
    const root = answer(await c.mgcas!.api.GET('/v1/referrals/{id}', ref(a.parentId)));
    expect(root.body.onwardReferrals).toEqual([expect.objectContaining({ id: onwardA, to: 'casa-esperanca' }), expect.objectContaining({ id: second, to: null })]);
    // UNICEF sees what it sent on, not what Casa sent on.
    expect(answer(await c.unicef!.api.GET('/v1/referrals/{id}', ref(a.parentId))).body.onwardReferrals.map((o: { id: string }) => o.id)).toEqual([onwardA]);
    expect(answer(await c.unicef!.api.GET('/v1/referrals/{id}', ref(second))).status).toBe(404);
  });

  it('shows the chain to each party as far as its view allows', async () => {
    // UNICEF, the receiver of the parent, sees what it sent on; its onward referral names the parent.
    const parent = answer(await c.unicef!.api.GET('/v1/referrals/{id}', ref(a.parentId)));
    expect(parent.body.onwardReferrals).toEqual([{ id: onwardA, to: 'casa-esperanca', status: 'in_progress', sentAt: expect.any(String) }].map((o) => ({ ...o, status: expect.any(String) })));
    const own = answer(await c.unicef!.api.GET('/v1/referrals/{id}', ref(onwardA)));
    expect(own.status).toBe(200);
    expect(own.body.parentReferralId).toBe(a.parentId);
    // MGCAS, the owner, sees that the child was referred on, and to whom: its consent names Casa Esperança.
    const root = answer(await c.mgcas!.api.GET('/v1/referrals/{id}', ref(a.parentId)));
    expect(root.body.onwardReferrals[0]).toEqual(expect.objectContaining({ id: onwardA, to: 'casa-esperanca' }));
    // MGCAS may not open UNICEF's onward referral itself, nor IOM anything of the chain.
    expect(answer(await c.mgcas!.api.GET('/v1/referrals/{id}', ref(onwardA))).status).toBe(404);
    expect(answer(await c.iom!.api.GET('/v1/referrals/{id}', ref(onwardA))).status).toBe(404);
    expect(answer(await c.iom!.api.GET('/v1/referrals/{id}', ref(a.parentId))).status).toBe(404);
    // Casa never sees the parent.
    expect(answer(await c.casa!.api.GET('/v1/referrals/{id}', ref(a.parentId))).status).toBe(404);
    // UNICEF's caseworker finds the onward referral among its agency's sent ones; a colleague not on the case does not.
    const outbox = answer(await c.unicef!.api.GET('/v1/referrals', { params: { query: { box: 'outbox' } } }));
    expect(outbox.body.items.map((r: { id: string }) => r.id)).toContain(onwardA);
    const colleague = answer(await c.unicef2!.api.GET('/v1/referrals', { params: { query: { box: 'outbox' } } }));
    expect(colleague.body.items.map((r: { id: string }) => r.id)).not.toContain(onwardA);
  });

  it('keeps the onward send and the third agency’s reads in the access log, where the owner sees them', async () => {
    const events = await sql<{ agency_id: string; rule: string; owning_agency_id: string | null; decision: string }>`
      select agency_id, rule, owning_agency_id, decision from access_events where resource_id = ${onwardA} and decision = 'allow'`.execute(hub.database.db);
    const rules = events.rows.map((e) => e.rule);
    expect(rules).toContain('referral.onward_sent');
    expect(rules).toContain('referral.shared');
    const mgcasId = (await sql<{ id: string }>`select id from agencies where slug = 'mgcas'`.execute(hub.database.db)).rows[0]!.id;
    expect(events.rows.find((e) => e.rule === 'referral.shared')!.owning_agency_id).toBe(mgcasId);
    // The owner's subject access report lists the third agency's read and the onward referral.
    const report = answer(await c.mgcasPrivacy!.api.GET('/v1/subjects/{id}/access-report', ref(a.subjectId)));
    expect(report.status).toBe(200);
    expect(report.body.accesses).toContainEqual(expect.objectContaining({ agency: expect.objectContaining({ slug: 'casa-esperanca' }), resource: 'ReferredSubject', decision: 'allow' }));
    expect(report.body.onwardReferrals).toEqual([
      expect.objectContaining({ id: onwardA, parentReferralId: a.parentId, from: 'unicef', to: 'casa-esperanca' }),
      expect.objectContaining({ id: second, parentReferralId: onwardA, from: 'casa-esperanca', to: null }),
    ]);
  });

  let b: Awaited<ReturnType<typeof acceptedAtUnicef>>;
  let onwardB: string;

  it("refuses, storing nothing, what the parent's consent does not cover, then sends under a new consent UNICEF records", async () => {
    b = await acceptedAtUnicef('Lurdes', ['unicef']);
    const before = await counts();
    const uncovered = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(b.parentId), body: onward() }));
    expect(uncovered.status).toBe(422);
    expect(uncovered.body.rule).toBe('referral.onward_consent_not_covering');
    expect(uncovered.body.errors.map((e: { check: string }) => e.check)).toContain('consent_names_recipient');

    // A new consent that does not name Casa, or cover the purpose, is refused too.
    const consent = { ...GUARDIAN_CONSENT, recipients: ['casa-esperanca'], validUntil: inDays(60) };
    const wrongRecipient = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(b.parentId), body: onward({ consent: { ...consent, recipients: ['caminho-seguro'] } }) }));
    expect(wrongRecipient.status).toBe(400);
    expect(wrongRecipient.body.rule).toBe('referral.onward_consent_not_covering');
    const wrongPurpose = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(b.parentId), body: onward({ consent: { ...consent, purposes: ['protection_assistance'] } }) }));
    expect(wrongPurpose.status).toBe(400);
    expect(wrongPurpose.body.errors.map((e: { field: string }) => e.field)).toContain('consent.purposes');
    const childWithoutGuardian = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(b.parentId), body: onward({ consent: { ...consent, grantedBy: 'subject', guardian: undefined } }) }));
    expect(childWithoutGuardian.status).toBe(400);
    expect(await counts()).toEqual(before);

    const sent = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(b.parentId), body: onward({ consent }) }));
    expect(sent.status).toBe(201);
    onwardB = sent.body.id;
    expect(await counts()).toEqual({ referrals: before.referrals + 1, consents: before.consents + 1 });
    const rows = await sql<{ agency_slug: string; via_referral_id: string; subject_id: string }>`
      select a.slug as agency_slug, c.via_referral_id, c.subject_id from consents c join agencies a on a.id = c.agency_id where c.consent_id = ${sent.body.consentId}`.execute(hub.database.db);
    expect(rows.rows).toEqual([{ agency_slug: 'unicef', via_referral_id: b.parentId, subject_id: b.subjectId }]);
    await acceptAtCasa(onwardB);
    expect(answer(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(onwardB))).status).toBe(200);

    // The owner knows the child was referred on, not to whom: its consent does not name Casa Esperança.
    const root = answer(await c.mgcas!.api.GET('/v1/referrals/{id}', ref(b.parentId)));
    expect(root.body.onwardReferrals).toEqual([expect.objectContaining({ id: onwardB, to: null })]);
  });

  it('refuses every other onward referral that may not be, storing nothing', async () => {
    const before = await counts();
    const cases: Array<[string, PonteClient, string, Schemas['ReferOnward'], number, string]> = [
      ['categories beyond the parent’s', c.unicef!, a.parentId, onward({ categories: ['identity', 'health'] }), 400, 'referral.onward_categories_beyond_parent'],
      ['back to the owner', c.unicef!, a.parentId, onward({ to: 'mgcas' }), 400, 'referral.onward_to_owner'],
      ['to oneself', c.unicef!, a.parentId, onward({ to: 'unicef' }), 400, 'referral.onward_to_owner'],
      ['by the sender of the parent', c.mgcas!, a.parentId, onward(), 403, 'referral.onward_not_allowed'],
      ['by the receiver’s privacy officer', c.unicefPrivacy!, a.parentId, onward(), 403, 'referral.onward_not_allowed'],
      ['by a receiving caseworker not assigned', c.unicef2!, a.parentId, onward(), 404, 'need_to_know'],
      ['by an outsider', c.iom!, a.parentId, onward(), 404, 'tenant_isolation'],
      ['to an agency the consent does not name', c.unicef!, a.parentId, onward({ to: 'caminho-seguro', service: 'family_tracing', purpose: 'psychosocial_support' }), 422, 'referral.onward_consent_not_covering'],
    ];
    for (const [label, client, id, body, status, rule] of cases) {
      const refused = answer(await client.api.POST('/v1/referrals/{id}/onward', { ...ref(id), body }));
      expect({ label, status: refused.status, rule: refused.body.rule }).toEqual({ label, status, rule });
    }
    // No agreement: a new consent naming caminho-seguro covers it; the agreement does not exist.
    const noAgreement = answer(
      await c.unicef!.api.POST('/v1/referrals/{id}/onward', {
        ...ref(a.parentId),
        body: onward({ to: 'caminho-seguro', service: 'family_tracing', consent: { ...GUARDIAN_CONSENT, recipients: ['caminho-seguro'], validUntil: inDays(30) } }),
      }),
    );
    expect(noAgreement.status).toBe(422);
    expect(noAgreement.body.errors.map((e: { check: string }) => e.check)).toContain('agreement_in_force');
    // A parent not yet accepted.
    const pending = await acceptedAtUnicefPending();
    const notAccepted = answer(await c.unicefFocal!.api.POST('/v1/referrals/{id}/onward', { ...ref(pending), body: onward() }));
    expect(notAccepted.status).toBe(409);
    expect(notAccepted.body.rule).toBe('referral.onward_parent_not_accepted');
    // A duplicate of an open onward referral (the pending parent and its consent are the only rows written).
    const duplicate = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(a.parentId), body: onward() }));
    expect(duplicate.status).toBe(409);
    expect(await counts()).toEqual({ referrals: before.referrals + 1, consents: before.consents + 1 });
    // Refusals are in the access log.
    const denied = await sql<{ rule: string }>`select rule from access_events where action = 'refer_onward' and decision = 'deny'`.execute(hub.database.db);
    expect(new Set(denied.rows.map((r) => r.rule))).toEqual(
      new Set(['referral.onward_categories_beyond_parent', 'referral.onward_to_owner', 'referral.onward_not_allowed', 'need_to_know', 'tenant_isolation', 'referral.onward_consent_not_covering', 'referral.agreement_in_force', 'referral.onward_parent_not_accepted']),
    );

    async function acceptedAtUnicefPending() {
      const subject = unwrap(await c.mgcas!.api.POST('/v1/subjects', { body: { identity: { givenName: 'Ana', familyName: 'Mabunda', dateOfBirth: '2015-01-02', sex: 'female', languages: ['pt'] } } }));
      const consent = unwrap(await c.mgcas!.api.POST('/v1/subjects/{id}/consents', { ...ref(subject.id), body: { ...GUARDIAN_CONSENT, categories: ['identity'], recipients: ['unicef', 'casa-esperanca'], validUntil: inDays(90) } }));
      const sent = unwrap(
        await c.mgcas!.api.POST('/v1/referrals', { body: { to: 'unicef', subjectId: subject.id, consentId: consent.consent.id, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity'] } }),
      );
      return sent.id;
    }
  });

  it("lets the third agency's database unit see the referred subject and the root consent, and nothing else of the owner's", async () => {
    const db = hub.database.db;
    const [mgcas, casa] = [await agencyIdOf(db, 'mgcas'), await agencyIdOf(db, 'casa-esperanca')];
    // The owner has other subjects, consents and referrals (the pending one's, and its own referrals): Casa sees only the subjects and root consents of its onward referrals.
    const seen = await withTenant(db, casa, async (tx) => ({
      subjects: (await tx.selectFrom('subjects').select('id').where('agency_id', '=', mgcas).execute()).map((r) => r.id),
      consents: [...new Set((await tx.selectFrom('consents').select('consent_id').where('agency_id', '=', mgcas).execute()).map((r) => r.consent_id))],
      referrals: (await tx.selectFrom('referrals').select('id').where('agency_id', '=', mgcas).execute()).map((r) => r.id),
    }));
    expect({ subjects: seen.subjects.sort(), consents: seen.consents.sort(), referrals: seen.referrals }).toEqual({
      subjects: [a.subjectId, b.subjectId].sort(),
      consents: [a.consentId, b.consentId].sort(),
      referrals: [],
    });
    // The onward sender may not write a referral on a subject it does not hold through an accepted referral, nor forge the chain.
    const unicef = await agencyIdOf(db, 'unicef');
    const forged = withTenant(db, unicef, (tx) =>
      tx
        .insertInto('referrals')
        .values({
          agency_id: unicef, recipient_agency_id: casa, subject_id: a.subjectId, consent_id: a.consentId, legal_basis: 'consent', service: 'shelter', purpose: 'protection_assistance',
          urgency: 'routine', shared_categories: ['identity'], triage: '{}', status: 'sent', created_by: ids.unicef!, created_at: new Date(), updated_at: new Date(), sent_at: new Date(),
          parent_referral_id: a.parentId, root_referral_id: a.parentId, root_agency_id: mgcas, root_consent_id: '00000000-0000-4000-8000-000000000000',
        })
        .execute(),
    );
    await expect(forged).rejects.toThrow(/row-level security/);
    // Nor move its onward referral to another chain once written.
    const moved = withTenant(db, unicef, (tx) => tx.updateTable('referrals').set({ root_consent_id: b.consentId }).where('id', '=', onwardA).execute());
    await expect(moved).rejects.toThrow(/place in its chain/);
  });

  it("withdrawing UNICEF's own consent stops only the onward referral built on it", async () => {
    // UNICEF's caseworker reads the consent it recorded; its colleague not on the case may not.
    const consentId = (await consentOf(onwardB))!;
    const own = answer(await c.unicef!.api.GET('/v1/consents/{id}', ref(consentId)));
    expect(own.status).toBe(200);
    expect(own.body.recipients).toEqual(['casa-esperanca']);
    expect(answer(await c.unicef2!.api.GET('/v1/consents/{id}', ref(consentId))).status).toBe(404);
    const withdrawn = answer(await c.unicef!.api.POST('/v1/consents/{id}/withdraw', { ...ref((await consentOf(onwardB))!), body: { requestedBy: 'guardian', method: 'written', reason: 'The aunt asked to stop the group sessions' } }));
    expect(withdrawn.status).toBe(200);
    expect(answer(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(onwardB))).status).toBe(403);
    expect(answer(await c.unicef!.api.GET('/v1/referrals/{id}/subject', ref(b.parentId))).status).toBe(200);
  });

  it('withdrawing the original consent stops reads at every level down the chain and asks every agency on it to purge', async () => {
    expect(answer(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(onwardA))).status).toBe(200);
    const withdrawn = answer(await c.mgcas!.api.POST('/v1/consents/{id}/withdraw', { ...ref(a.consentId), body: { requestedBy: 'guardian', method: 'written', reason: 'The family moved away' } }));
    expect(withdrawn.status).toBe(200);
    const casaRead = answer(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(onwardA)));
    expect(casaRead.status).toBe(403);
    expect(casaRead.body.rule).toBe('referral.consent_inactive');
    expect(answer(await c.unicef!.api.GET('/v1/referrals/{id}/subject', ref(a.parentId))).status).toBe(403);
    // Two levels down too, though IOM's referral rests on Casa's own consent.
    const iomRead = answer(await c.iom!.api.GET('/v1/referrals/{id}/subject', ref(second)));
    expect(iomRead.status).toBe(403);
    expect(iomRead.body.rule).toBe('referral.consent_inactive');
    const purges = await sql<{ slug: string; referral_id: string }>`
      select a.slug, e.referral_id from events e join agencies a on a.id = e.agency_id where e.type = 'referral.purge_requested' and e.referral_id in (${a.parentId}, ${onwardA}, ${second})`.execute(hub.database.db);
    const level = (id: string) => (id === onwardA ? 'onward' : id === second ? 'second' : 'parent');
    const got = purges.rows.map((r) => `${r.slug}:${level(r.referral_id)}`).sort();
    expect(got).toEqual(['casa-esperanca:onward', 'casa-esperanca:second', 'iom:second', 'mgcas:parent', 'unicef:onward', 'unicef:parent']);
    // The purge request carries ids and states only.
    const payloads = await sql<{ payload: unknown }>`select payload from events where type = 'referral.purge_requested' and referral_id = ${onwardA}`.execute(hub.database.db);
    expect(JSON.stringify(payloads.rows)).not.toContain('Teresa');
  });

  async function consentOf(referralId: string) {
    return (await sql<{ consent_id: string }>`select consent_id from referrals where id = ${referralId}`.execute(hub.database.db)).rows[0]?.consent_id;
  }
});
