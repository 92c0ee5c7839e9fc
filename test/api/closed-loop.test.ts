import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagOverdueReferrals } from '@ponte/core';
import { unwrap, type components, type PonteClient } from '@ponte/client';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Issue 21's whole loop through the typed SDK, on both engines, as the agencies' systems and
 * people would live it: IOM sends an unaccompanied child's referral to MGCAS; MGCAS asks a question
 * on the referral's conversation and IOM answers; MGCAS accepts and completes with an outcome code.
 * A medical report under `health` reaches MGCAS only on a referral that shares `health`, and only
 * while it is open; its download is in the access log. The child's case is then handed over to
 * MGCAS for good (a transfer), once no referral to MGCAS is open. Another referral's response
 * deadline passes and both agencies see it overdue.
 *
 * The hub's clock is the test's: moving it forward is how a deadline passes.
 */
const HOUR = 3_600_000;
/** A small but real PDF: what a medical report's first and last bytes look like. */
const REPORT = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% medical report\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });

describe.each(BOTH_ENGINES)('the closed loop on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const loop: { subjectId?: string; consentId?: string; referralId?: string; documentId?: string; receivedSubjectId?: string } = {};
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);
  const raw = async (agency: string, user: string, path: string, init: RequestInit = {}) =>
    hub.app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${await hub.tokenFor(agency, user)}` } });

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000, now });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iomFocal', 'iom', 'focal-point'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['mgcasFocal', 'mgcas', 'focal-point'],
      ['mgcasCaseworker', 'mgcas', 'caseworker'],
      ['mgcasPrivacy', 'mgcas', 'privacy'],
      ['unicef', 'unicef', 'caseworker'],
      ['unicefFocal', 'unicef', 'focal-point'],
      ['casa', 'casa-esperanca', 'caseworker'],
      ['casaFocal', 'casa-esperanca', 'focal-point'],
    ] as const) {
      c[name] = hub.client(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: {
          identity: { givenName: 'Celeste', familyName: 'Mabunda', dateOfBirth: '2012-08-30', sex: 'female', languages: ['pt', 'ts'] },
          location: { current: { country: 'MOZ', province: 'MZ-MPM' } },
          protection: { traffickingIndicators: [], unaccompaniedMinor: true, separatedChild: false, vulnerabilities: [] },
        },
      }),
    );
    loop.subjectId = subject.id;
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: {
          grantedBy: 'guardian',
          guardian: { name: 'Teresa Mabunda', relationship: 'aunt' },
          childAssent: 'given',
          method: 'written',
          language: 'pt',
          interpreterUsed: false,
          purposes: ['protection_assistance', 'best_interests_procedure'],
          recipients: ['mgcas'],
          categories: ['identity', 'location', 'protection', 'health'],
          legalBasis: 'consent',
          validUntil: new Date(Date.now() + 180 * 86400_000).toISOString(),
        },
      }),
    );
    loop.consentId = consent.consent.id;
  });
  afterAll(async () => hub?.close());

  it('IOM sends, MGCAS asks, IOM answers, MGCAS accepts and completes with an outcome code', async () => {
    const sent = unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'mgcas', subjectId: loop.subjectId!, consentId: loop.consentId!, service: 'shelter', purpose: 'protection_assistance', urgency: 'priority', categories: ['identity', 'location', 'protection'] },
      }),
    );
    loop.referralId = sent.id;
    const id = sent.id;
    const asked = answer(await c.mgcasFocal!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'Is an adult relative able to visit her at the shelter?' } }));
    expect(asked.status).toBe(201);
    const inbox = unwrap(await c.iom!.api.GET('/v1/referrals/{id}/messages', ref(id)));
    expect(inbox.items.map((m) => m.authorAgency)).toEqual(['mgcas']);
    expect(answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'Yes, her aunt, on weekends.' } })).status).toBe(201);
    const thread = unwrap(await c.mgcasFocal!.api.GET('/v1/referrals/{id}/messages', ref(id)));
    expect(thread.items.map((m) => [m.authorAgency, m.readByOtherSideAt !== null])).toEqual([
      ['mgcas', true],
      ['iom', false],
    ]);

    unwrap(await c.mgcasFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(id), body: { assigneeId: ids.mgcasCaseworker! } }));
    // The receiver's caseworker reads what was shared: exactly the categories sent.
    const shared = unwrap(await c.mgcasCaseworker!.api.GET('/v1/referrals/{id}/subject', ref(id)));
    expect(shared.access.readable.sort()).toEqual(['identity', 'location', 'protection']);
    unwrap(await c.mgcasCaseworker!.api.POST('/v1/referrals/{id}/start', ref(id)));
    const unknown = answer(await c.mgcasCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(id), body: { outcomeCode: 'placed' as never } }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toContainEqual(expect.objectContaining({ field: 'outcomeCode' }));
    unwrap(await c.mgcasCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(id), body: { outcomeCode: 'service_provided', outcome: 'Placed in a shelter; her aunt visits.' } }));
    const done = unwrap(await c.iom!.api.GET('/v1/referrals/{id}', ref(id)));
    expect(done).toMatchObject({ status: 'completed', outcomeCode: 'service_provided' });
    const closed = answer(await c.iom!.api.POST('/v1/referrals/{id}/messages', { ...ref(id), body: { body: 'Thank you.' } }));
    expect(closed.status).toBe(409);
    expect(closed.body.rule).toBe('referral.conversation_closed');
  });

  it('gives MGCAS the medical report only on a referral that shares health, while it is open, and logs the download', async () => {
    const uploaded = await raw('iom', 'caseworker', `/v1/subjects/${loop.subjectId}/documents?category=health`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', 'ponte-document-title': encodeURIComponent('Relatório médico') },
      body: REPORT,
    });
    expect(uploaded.status).toBe(201);
    const document = (await uploaded.json()) as { id: string; sha256: string };
    expect(document.sha256).toBe(sha256(REPORT));
    loop.documentId = document.id;

    // The first referral shared no health: the report is not MGCAS's to see on it.
    expect((await raw('mgcas', 'caseworker', `/v1/referrals/${loop.referralId}/documents/${document.id}/content`)).status).toBeGreaterThanOrEqual(403);

    const health = unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'mgcas', subjectId: loop.subjectId!, consentId: loop.consentId!, service: 'best_interests_determination', purpose: 'best_interests_procedure', urgency: 'priority', categories: ['identity', 'protection', 'health'] },
      }),
    );
    const path = `/v1/referrals/${health.id}/documents/${document.id}/content`;
    expect((await raw('mgcas', 'caseworker', path)).status).toBe(404);
    unwrap(await c.mgcasFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(health.id), body: { assigneeId: ids.mgcasCaseworker! } }));
    const listed = (await (await raw('mgcas', 'caseworker', `/v1/referrals/${health.id}/documents`)).json()) as { items: Array<{ id: string; category: string }> };
    expect(listed.items).toEqual([expect.objectContaining({ id: document.id, category: 'health' })]);
    const download = await raw('mgcas', 'caseworker', path);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(REPORT));

    const log = unwrap(await c.iomPrivacy!.api.GET('/v1/access-events', { params: { query: { subjectId: loop.subjectId!, limit: 500 } } }));
    expect(log.items).toContainEqual(expect.objectContaining({ resource: 'ReferredDocument', resourceId: document.id, action: 'download', decision: 'allow', fields: ['health'] }));

    // Closed, it gives no more.
    unwrap(await c.mgcasCaseworker!.api.POST('/v1/referrals/{id}/start', ref(health.id)));
    unwrap(await c.mgcasCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(health.id), body: { outcomeCode: 'service_provided' } }));
    expect((await raw('mgcas', 'caseworker', path)).status).toBeGreaterThanOrEqual(403);
  });

  it('hands the child’s case over to MGCAS for good, once no referral to MGCAS is open', async () => {
    const body = { to: 'mgcas', consentId: loop.consentId!, purpose: 'best_interests_procedure', categories: ['identity', 'protection'], reason: 'Unaccompanied child: case management belongs with social welfare' } as never;
    // An open referral to the same agency stands in the way: refused, nothing stored.
    const open = unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'mgcas', subjectId: loop.subjectId!, consentId: loop.consentId!, service: 'shelter', purpose: 'protection_assistance', urgency: 'routine', categories: ['location'] },
      }),
    );
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from subject_transfers`.execute(hub.database.db)).rows[0]!.n;
    const blocked = answer(await c.iom!.api.POST('/v1/subjects/{id}/transfers', { ...ref(loop.subjectId!), body }));
    expect(blocked.status).toBe(409);
    expect(blocked.body.rule).toBe('transfer.open_referral_to_recipient');
    expect(await count()).toBe(0);
    unwrap(await c.iom!.api.POST('/v1/referrals/{id}/withdraw', { ...ref(open.id), body: { reason: 'The case is being transferred instead' } }));

    const asked = answer(await c.iom!.api.POST('/v1/subjects/{id}/transfers', { ...ref(loop.subjectId!), body }));
    expect(asked.status).toBe(201);
    const accepted = unwrap(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(asked.body.id), body: { assigneeId: ids.mgcasCaseworker! } }));
    expect(accepted.status).toBe('accepted');
    loop.receivedSubjectId = accepted.receivedSubjectId!;
    const own = unwrap(await c.mgcasCaseworker!.api.GET('/v1/subjects/{id}', ref(accepted.receivedSubjectId!)));
    expect(own.agency).toBe('mgcas');
    expect(Object.keys(own.data).sort()).toEqual(['identity', 'protection']);
    // Both sides' feeds tell it.
    for (const client of [c.iomFocal!, c.mgcasFocal!]) {
      const feed = unwrap(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
      expect(feed.items.map((e) => e.type)).toContain('subject.transfer_accepted');
    }
  });

  it('marks another referral overdue for both agencies once its response deadline passes', async () => {
    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: { identity: { givenName: 'Rui', familyName: 'Sitoe', dateOfBirth: '2010-01-12', sex: 'male', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-G' } } },
      }),
    );
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: {
          grantedBy: 'guardian',
          guardian: { name: 'Marta Sitoe', relationship: 'mother' },
          childAssent: 'given',
          method: 'written',
          language: 'pt',
          interpreterUsed: false,
          purposes: ['protection_assistance'],
          recipients: ['mgcas'],
          categories: ['identity', 'location'],
          legalBasis: 'consent',
          validUntil: new Date(Date.now() + 180 * 86400_000).toISOString(),
        },
      }),
    );
    const sent = unwrap(
      await c.iom!.api.POST('/v1/referrals', { body: { to: 'mgcas', subjectId: subject.id, consentId: consent.consent.id, service: 'shelter', purpose: 'protection_assistance', urgency: 'emergency', categories: ['location'] } }),
    );
    expect(sent).toMatchObject({ overdue: false });
    ahead = 25 * HOUR;
    try {
      for (const [client, box] of [
        [c.iom!, 'outbox'],
        [c.mgcasFocal!, 'inbox'],
      ] as const) {
        expect(unwrap(await client.api.GET('/v1/referrals/{id}', ref(sent.id)))).toMatchObject({ overdue: true, overdueKind: 'response' });
        expect(unwrap(await client.api.GET('/v1/referrals', { params: { query: { box, overdue: 'true', limit: 200 } } })).items.map((r) => r.id)).toContain(sent.id);
      }
      await flagOverdueReferrals({ db: hub.database.db, now: now() });
      await flagOverdueReferrals({ db: hub.database.db, now: now() });
      for (const client of [c.iomFocal!, c.mgcasFocal!]) {
        const feed = unwrap(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
        expect(feed.items.filter((e) => e.type === 'referral.overdue' && e.referralId === sent.id)).toHaveLength(1);
      }
    } finally {
      ahead = 0;
    }
  });

  it('MGCAS, now the child’s agency, refers her to UNICEF, which refers her on to a civil-society partner under a new consent', async () => {
    const guardian: Omit<components['schemas']['RecordConsent'], 'recipients' | 'validUntil'> = {
      grantedBy: 'guardian',
      guardian: { name: 'Teresa Mabunda', relationship: 'aunt' },
      childAssent: 'given',
      method: 'written',
      language: 'pt',
      interpreterUsed: false,
      purposes: ['psychosocial_support'],
      categories: ['identity', 'protection'],
      legalBasis: 'consent',
    };
    const consent = unwrap(
      await c.mgcasCaseworker!.api.POST('/v1/subjects/{id}/consents', { ...ref(loop.receivedSubjectId!), body: { ...guardian, recipients: ['unicef'], validUntil: new Date(Date.now() + 90 * 86400_000).toISOString() } }),
    );
    const parent = unwrap(
      await c.mgcasCaseworker!.api.POST('/v1/referrals', {
        body: { to: 'unicef', subjectId: loop.receivedSubjectId!, consentId: consent.consent.id, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity', 'protection'] },
      }),
    );
    unwrap(await c.unicefFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(parent.id), body: { assigneeId: ids.unicef! } }));

    // MGCAS's consent names UNICEF alone: referring on under it is refused, and nothing is stored.
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from referrals`.execute(hub.database.db)).rows[0]!.n;
    const before = await count();
    const onward: components['schemas']['ReferOnward'] = { to: 'casa-esperanca', service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity'] };
    const uncovered = answer(await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(parent.id), body: onward }));
    expect(uncovered.status).toBeGreaterThanOrEqual(400);
    expect(uncovered.status).toBeLessThan(500);
    expect(uncovered.body.rule).toBe('referral.onward_consent_not_covering');
    expect(await count()).toBe(before);

    // UNICEF records the aunt's consent to Casa Esperança on the spot, and refers on under it.
    const sent = answer(
      await c.unicef!.api.POST('/v1/referrals/{id}/onward', {
        ...ref(parent.id),
        body: { ...onward, consent: { ...guardian, categories: ['identity'], recipients: ['casa-esperanca'], validUntil: new Date(Date.now() + 30 * 86400_000).toISOString() } },
      }),
    );
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ from: 'unicef', to: 'casa-esperanca', parentReferralId: parent.id, sharedCategories: ['identity'] });
    unwrap(await c.casaFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(sent.body.id), body: { assigneeId: ids.casa! } }));
    const read = unwrap(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(sent.body.id)));
    expect(Object.keys(read.data)).toEqual(['identity']);
    // The chain as MGCAS, the child's agency, sees it.
    const root = unwrap(await c.mgcasCaseworker!.api.GET('/v1/referrals/{id}', ref(parent.id)));
    expect(root.onwardReferrals).toEqual([expect.objectContaining({ id: sent.body.id })]);
  });
});
