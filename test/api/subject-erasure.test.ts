import { createLocalJWKSet, jwtVerify } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealLog } from '@ponte/audit';
import { unwrap, type PonteClient } from '@ponte/client';
import { flagOverduePurges, PURGE_ATTESTATION_TYPE } from '@ponte/core';
import { DEMO_PASSWORD } from '../support/constants';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, ISSUER, type TestHub } from '../support/hub';
import { verifyThroughApi } from '../support/verification';

/*
 * Erasure with proof (issue 22, item 3), the issue's "Must show", through the typed SDK on both
 * engines: IOM erases a returnee whose data went to two partners (UNHCR, still working the case,
 * and Caminho Seguro, which completed its referral). A legal hold stops the erasure first (409,
 * nothing changed); once released, IOM's privacy officer erases her: the open referral is
 * withdrawn, both partners are asked to purge (a purge request each, `referral.purge_requested`
 * with ids only); UNHCR attests and the hub's signed receipt verifies against its JWKS; Caminho
 * Seguro lets the deadline pass and both agencies' privacy officers see the flag; her personal data
 * is nowhere in the database (every column of every table searched as the owner), the access log
 * still verifies, and the tombstone lists which agency attested and when.
 *
 * The hub's clock is the test's: moving it forward is how the deadline passes.
 */
const DAY = 86_400_000;
const ref = (id: string) => ({ params: { path: { id } } });
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });

/** What the returnee told IOM, and what IOM's and its partners' people wrote about her: none of it may survive the erasure. */
const HER = {
  givenName: 'Albertina',
  familyName: 'Nhantumbo-Erasmo',
  dateOfBirth: '1987-03-14',
  phone: '+258841239876',
  address: 'Bairro Chamanculo C, quarteirao 17',
  witness: 'Ernesto Witnessman',
  note: 'Prefers afternoons at the Xai-Xai office',
  message: 'Albertina confirmed the appointment',
  justification: 'Emergency: Nhantumbo-Erasmo reported a threat by phone',
  document: 'scan of the travel document of Nhantumbo-Erasmo',
};

describe.each(BOTH_ENGINES)('erasure with proof on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);
  const c: Record<string, PonteClient> = {};
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let subjectId: string;
  let toUnhcr: string;
  let toCaminho: string;

  const db = () => hub.database.db;
  const countOf = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db())).rows[0]!.n;
  /** Everything an erasure or an attestation may change, read as the owner: a refusal must leave it as it was. */
  const snapshot = async () => ({
    subject: (await sql`select * from subjects where id = ${subjectId}`.execute(db())).rows,
    referrals: (await sql`select id, status, version from referrals where subject_id = ${subjectId} order by id`.execute(db())).rows,
    purges: (await sql`select * from purge_requests order by id`.execute(db())).rows,
    holds: (await sql`select * from legal_holds order by id`.execute(db())).rows,
    events: await countOf('events'),
    transitions: await countOf('referral_transitions'),
  });
  async function eventsOf(client: PonteClient, type: string) {
    const page = unwrap(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
    return page.items.filter((e) => e.type === type);
  }
  const flagsOf = async (client: PonteClient) => unwrap(await client.api.GET('/v1/access-flags', { params: { query: {} } })).items.filter((f) => f.kind === 'purge_unattested');
  const attestation = (extra: Record<string, unknown> = {}) => ({
    purgedBy: 'Protection officer, UNHCR Maputo',
    purgedAt: now().toISOString(),
    method: 'Deleted from the case system; paper file shredded',
    systems: ['proGres', 'paper file'],
    statement: 'Every record received on this referral was purged.',
    ...extra,
  });

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000, now });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iom2', 'iom', 'caseworker2'],
      ['iomOther', 'iom', 'child-protection'],
      ['iomSupervisor', 'iom', 'supervisor'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['unhcr', 'unhcr', 'caseworker'],
      ['unhcrFocal', 'unhcr', 'focal-point'],
      ['unhcrPrivacy', 'unhcr', 'privacy'],
      ['csFocal', 'caminho-seguro', 'focal-point'],
      ['cs', 'caminho-seguro', 'caseworker'],
      ['csPrivacy', 'caminho-seguro', 'privacy'],
      ['senamiFocal', 'senami', 'focal-point'],
    ] as const) {
      c[name] = hub.client(agency, user);
      tokens[name] = await hub.tokenFor(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('IOM registers the returnee and refers her to UNHCR and to Caminho Seguro, who work on her case', async () => {
    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: {
          identity: { givenName: HER.givenName, familyName: HER.familyName, dateOfBirth: HER.dateOfBirth, sex: 'female', languages: ['pt'] },
          contact: { phone: HER.phone, safeToContact: true },
          location: { current: { country: 'MOZ', province: 'MZ-G' }, address: HER.address },
        },
        // The saved answer to this key holds her identity: the erasure must take it too.
        headers: { 'idempotency-key': 'register-albertina' },
      }),
    );
    subjectId = subject.id;
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subjectId),
        body: {
          grantedBy: 'subject',
          method: 'verbal_with_witness',
          witness: { name: HER.witness, role: 'community leader' },
          language: 'pt',
          interpreterUsed: false,
          purposes: ['resettlement_processing', 'return_reintegration'],
          recipients: ['unhcr', 'caminho-seguro'],
          categories: ['identity', 'contact', 'location'],
          legalBasis: 'consent',
          validUntil: new Date(now().getTime() + 365 * DAY).toISOString(),
        },
      }),
    );
    const send = async (to: string, service: 'legal_aid' | 'reintegration_economic', purpose: 'resettlement_processing' | 'return_reintegration') =>
      unwrap(
        await c.iom!.api.POST('/v1/referrals', {
          body: { to, subjectId, consentId: consent.consent.id, service, purpose, urgency: 'routine', categories: ['identity', 'contact', 'location'], note: HER.note },
        }),
      ).id;
    toUnhcr = await send('unhcr', 'legal_aid', 'resettlement_processing');
    toCaminho = await send('caminho-seguro', 'reintegration_economic', 'return_reintegration');

    expect(answer(await c.unhcrFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(toUnhcr), body: {} })).status).toBe(200);
    expect(answer(await c.unhcrFocal!.api.POST('/v1/referrals/{id}/assign', { ...ref(toUnhcr), body: { assigneeId: ids.unhcr! } })).status).toBe(200);
    const read = answer(await c.unhcr!.api.GET('/v1/referrals/{id}/subject', ref(toUnhcr)));
    expect(read.body.data.identity.givenName).toBe(HER.givenName);
    expect(answer(await c.unhcr!.api.POST('/v1/referrals/{id}/messages', { ...ref(toUnhcr), body: { body: HER.message } })).status).toBe(201);

    expect(answer(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(toCaminho), body: {} })).status).toBe(200);
    expect(answer(await c.csFocal!.api.POST('/v1/referrals/{id}/assign', { ...ref(toCaminho), body: { assigneeId: ids.cs! } })).status).toBe(200);
    expect(answer(await c.cs!.api.GET('/v1/referrals/{id}/subject', ref(toCaminho))).status).toBe(200);
    expect(answer(await c.cs!.api.POST('/v1/referrals/{id}/complete', { ...ref(toCaminho), body: { outcomeCode: 'service_provided', outcome: `Grant paid to ${HER.familyName}` } })).status).toBe(200);

    // A document, and an emergency read by a caseworker outside need-to-know, both naming her.
    const pdf = Buffer.from(`%PDF-1.7\n% ${HER.document}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
    const uploaded = await hub.app.request(`/v1/subjects/${subjectId}/documents?category=identity`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.iom}`, 'content-type': 'application/pdf', 'ponte-document-title': encodeURIComponent('Travel document') },
      body: pdf,
    });
    expect(uploaded.status).toBe(201);
    expect(answer(await c.iom2!.api.POST('/v1/subjects/{id}/break-glass', { ...ref(subjectId), body: { justification: HER.justification } })).status).toBe(201);

    // Before the erasure, the search over every column finds her (the search works).
    expect((await tablesHolding(HER.givenName)).length).toBeGreaterThan(0);
    expect(await tablesHolding(HER.document)).toContain('document_chunks.bytes');
  });

  it('refuses the erasure to who may not erase, and under a legal hold; nothing changes', async () => {
    const before = await snapshot();
    const erase = (who: string) => c[who]!.api.POST('/v1/subjects/{id}/erasure', { ...ref(subjectId), body: { reason: 'request', confirm: true } });
    // Her caseworker works on her, and may not erase: 403 (so does the caseworker who broke the glass). Another caseworker, and other agencies: 404.
    const byCaseworker = answer(await erase('iom'));
    expect([byCaseworker.status, byCaseworker.body.rule]).toEqual([403, 'Subject.erase']);
    expect(answer(await erase('iom2')).status).toBe(403);
    expect(answer(await erase('iomOther')).status).toBe(404);
    expect(answer(await erase('unhcrPrivacy')).status).toBe(404);
    expect(answer(await erase('unhcrFocal')).status).toBe(404);
    // Confirmation is required.
    const unconfirmed = answer(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/erasure', { ...ref(subjectId), body: { reason: 'request' } as never }));
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/body/confirm');

    // A legal hold, placed by the privacy officer (a caseworker may not), stops it.
    expect(answer(await c.iom!.api.POST('/v1/subjects/{id}/legal-holds', { ...ref(subjectId), body: { reason: 'Court order 17/2026' } })).status).toBe(403);
    const hold = answer(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/legal-holds', { ...ref(subjectId), body: { reason: 'Court order 17/2026' } }));
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ subjectId, active: true, placedBy: ids.iomPrivacy });
    const held = await snapshot();
    const refused = answer(await erase('iomPrivacy'));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'conflict', rule: 'subject.legal_hold', legalHoldId: hold.body.id });
    expect(JSON.stringify(refused.body)).not.toContain('Court order');
    expect(await snapshot()).toEqual(held);
    // Nor may the supervisor erase under the hold.
    expect(answer(await erase('iomSupervisor')).body.rule).toBe('subject.legal_hold');
    expect(await snapshot()).toEqual(held);
    expect(held.subject).toEqual(before.subject);

    // Her caseworker may not release it; her supervisor may (as the privacy officer may).
    expect(answer(await c.iom!.api.POST('/v1/subjects/{id}/legal-holds/{holdId}/release', { params: { path: { id: subjectId, holdId: hold.body.id } }, body: { reason: 'Order lifted' } })).status).toBe(403);
    const released = answer(await c.iomSupervisor!.api.POST('/v1/subjects/{id}/legal-holds/{holdId}/release', { params: { path: { id: subjectId, holdId: hold.body.id } }, body: { reason: 'Order lifted' } }));
    expect(released.body).toMatchObject({ active: false, releasedBy: ids.iomSupervisor });
    expect(answer(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/legal-holds/{holdId}/release', { params: { path: { id: subjectId, holdId: hold.body.id } }, body: { reason: 'Again' } })).body.rule).toBe('legal_hold.not_active');
  });

  it("IOM's privacy officer erases her: the open referral is withdrawn, both partners are asked to purge", async () => {
    const erased = answer(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/erasure', { ...ref(subjectId), body: { reason: 'request', mode: 'erase', confirm: true } }));
    expect(erased.status).toBe(201);
    expect(erased.body).toMatchObject({ id: subjectId, erased: true, reason: 'request', mode: 'erase', attributes: null, erasedBy: ids.iomPrivacy });
    const requests = erased.body.purgeRequests as Array<{ id: string; referralId: string; recipient: string; dueAt: string; attestation: unknown }>;
    expect(requests.map((r) => [r.referralId, r.recipient]).sort()).toEqual([
      [toCaminho, 'caminho-seguro'],
      [toUnhcr, 'unhcr'],
    ].sort());
    expect(requests.every((r) => r.attestation === null && new Date(r.dueAt).getTime() - now().getTime() > 29 * DAY)).toBe(true);

    // UNHCR's open referral is withdrawn; Caminho Seguro's, completed, stays completed.
    expect(answer(await c.iom!.api.GET('/v1/referrals/{id}', ref(toUnhcr))).body.status).toBe('withdrawn');
    expect(answer(await c.iom!.api.GET('/v1/referrals/{id}', ref(toCaminho))).body.status).toBe('completed');
    expect(answer(await c.unhcr!.api.GET('/v1/referrals/{id}/subject', ref(toUnhcr))).status).not.toBe(200);

    // Each partner is told, with ids only.
    for (const [client, referralId] of [
      [c.unhcrFocal!, toUnhcr],
      [c.csFocal!, toCaminho],
    ] as const) {
      const told = (await eventsOf(client, 'referral.purge_requested')).filter((e) => e.referralId === referralId);
      expect(told).toHaveLength(1);
      expect(told[0]!.data).toMatchObject({ referralId, reason: 'subject_erased', purgeRequestId: requests.find((r) => r.referralId === referralId)!.id });
      expect(JSON.stringify(told[0])).not.toContain(HER.givenName);
    }
    expect((await eventsOf(c.unhcrFocal!, 'referral.withdrawn')).filter((e) => e.referralId === toUnhcr)).toHaveLength(1);
    // The list of purges awaiting attestation, on the receiving side.
    const pending = answer(await c.csFocal!.api.GET('/v1/purge-requests', { params: { query: { status: 'pending' } } }));
    expect(pending.body.items.map((r: { referralId: string }) => r.referralId)).toEqual([toCaminho]);
  });

  it('refuses a second erasure, and every change, consent, referral and transfer on the tombstone; a read is 410', async () => {
    const before = await snapshot();
    const again = answer(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/erasure', { ...ref(subjectId), body: { reason: 'request', confirm: true } }));
    expect([again.status, again.body.rule]).toEqual([409, 'subject.erased']);
    const read = answer(await c.iom!.api.GET('/v1/subjects/{id}', ref(subjectId)));
    expect([read.status, read.body.rule, read.body.code]).toEqual([410, 'subject.erased', 'gone']);
    expect(answer(await c.iomOther!.api.GET('/v1/subjects/{id}', ref(subjectId))).status).toBe(404);
    // Her documents are gone with her, as her record is: 410 to who may know her, 404 to anyone else.
    const documents = answer(await c.iom!.api.GET('/v1/subjects/{id}/documents', ref(subjectId)));
    expect([documents.status, documents.body.rule]).toEqual([410, 'subject.erased']);
    expect(answer(await c.iomOther!.api.GET('/v1/subjects/{id}/documents', ref(subjectId))).status).toBe(404);
    // Nor is she listed any more among her caseworker's subjects.
    expect(unwrap(await c.iom!.api.GET('/v1/subjects', { params: { query: { limit: 200 } } })).items.map((s) => s.id)).not.toContain(subjectId);
    const consent = answer(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subjectId),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(now().getTime() + 30 * DAY).toISOString() },
      }),
    );
    expect([consent.status, consent.body.rule]).toEqual([409, 'subject.erased']);
    const hold = answer(await c.iomPrivacy!.api.POST('/v1/subjects/{id}/legal-holds', { ...ref(subjectId), body: { reason: 'Too late' } }));
    expect([hold.status, hold.body.rule]).toEqual([409, 'subject.erased']);
    const consentId = ((await sql<{ consent_id: string }>`select consent_id from consents where subject_id = ${subjectId}`.execute(db())).rows[0]!).consent_id;
    const referral = answer(
      await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId, consentId, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] } }),
    );
    expect(referral.status).toBe(409);
    const transfer = answer(
      await c.iom!.api.POST('/v1/subjects/{id}/transfers', { ...ref(subjectId), body: { to: 'caminho-seguro', consentId, purpose: 'return_reintegration', categories: ['identity'], reason: 'Case moves' } }),
    );
    expect([transfer.status, transfer.body.rule]).toEqual([409, 'subject.erased']);
    expect(await snapshot()).toEqual(before);
    // Her consent ended with the erasure: its receipt verifies as withdrawn.
    const withdrawals = await sql<{ reason: string }>`select w.reason from consent_withdrawals w join consents c on c.agency_id = w.agency_id and c.consent_id = w.consent_id where c.subject_id = ${subjectId}`.execute(db());
    expect(withdrawals.rows.map((w) => w.reason)).toEqual(['subject_erased']);
  });

  it('does not bring her back when a client retries her registration under its key: the saved answer says she was erased (410)', async () => {
    const before = await countOf('subjects');
    const registration = {
      identity: { givenName: HER.givenName, familyName: HER.familyName, dateOfBirth: HER.dateOfBirth, sex: 'female', languages: ['pt'] },
      contact: { phone: HER.phone, safeToContact: true },
      location: { current: { country: 'MOZ', province: 'MZ-G' }, address: HER.address },
    };
    for (const json of [registration, { ...registration, identity: { ...registration.identity, givenName: 'Albertinha' } }]) {
      const retried = await hub.call('POST', '/v1/subjects', { token: tokens.iom!, json, headers: { 'idempotency-key': 'register-albertina' } });
      const problem = (await retried.json()) as { code: string; rule: string };
      expect([retried.status, problem.code, problem.rule]).toEqual([410, 'gone', 'subject.erased']);
      expect(JSON.stringify(problem)).not.toContain(HER.familyName);
    }
    expect(await countOf('subjects')).toBe(before);
  });

  it('UNHCR attests its purge: the hub signs the receipt, verifiable with its JWKS; refusals change nothing', async () => {
    const attest = (who: string, referralId: string, body = attestation()) => c[who]!.api.POST('/v1/referrals/{id}/purge-attestation', { ...ref(referralId), body });
    const before = await snapshot();
    // The owner sent it, and did not receive it (403: it knows the referral); another agency does not know it (404); UNHCR's caseworker may not attest.
    const bySender = answer(await attest('iomPrivacy', toUnhcr));
    expect([bySender.status, bySender.body.rule]).toEqual([403, 'Referral.attest_purge']);
    expect(answer(await attest('senamiFocal', toUnhcr)).status).toBe(404);
    expect(answer(await attest('csFocal', toUnhcr)).status).toBe(404);
    const caseworker = answer(await attest('unhcr', toUnhcr));
    expect([caseworker.status, caseworker.body.rule]).toEqual([403, 'Referral.attest_purge']);
    const future = answer(await attest('unhcrFocal', toUnhcr, attestation({ purgedAt: new Date(now().getTime() + DAY).toISOString() })));
    expect(future.status).toBe(400);
    expect(future.body.errors[0]).toMatchObject({ pointer: '/body/purgedAt', check: 'not_in_future' });
    // Nor before it was asked for: the hub's receipt would certify a purge of what had not been asked.
    const early = answer(await attest('unhcrFocal', toUnhcr, attestation({ purgedAt: '1970-01-01T00:00:00Z' })));
    expect(early.status).toBe(400);
    expect(early.body.errors[0]).toMatchObject({ pointer: '/body/purgedAt', check: 'not_before_request' });
    expect(await snapshot()).toEqual(before);

    const attested = answer(await attest('unhcrFocal', toUnhcr));
    expect(attested.status).toBe(201);
    expect(attested.body).toMatchObject({ referralId: toUnhcr, recipient: 'unhcr', owner: 'iom', overdue: false, attestation: { attestedBy: ids.unhcrFocal, attestedByKind: 'user', systems: ['proGres', 'paper file'] } });
    // The receipt is the hub's: verified with the keys it publishes, and says what was attested.
    const jwks = (await (await hub.call('GET', '/.well-known/jwks.json')).json()) as { keys: never[] };
    const { payload, protectedHeader } = await jwtVerify(attested.body.attestation.receipt, createLocalJWKSet({ keys: jwks.keys }), { issuer: ISSUER, typ: PURGE_ATTESTATION_TYPE });
    expect(protectedHeader.typ).toBe(PURGE_ATTESTATION_TYPE);
    expect(payload).toMatchObject({ referralId: toUnhcr, subjectId, attestedBy: ids.unhcrFocal, statement: 'Every record received on this referral was purged.' });

    // A second attestation is refused, by UNHCR's privacy officer or its system alike (both may attest); nothing changes.
    const attestedState = await snapshot();
    const second = answer(await attest('unhcrPrivacy', toUnhcr));
    expect([second.status, second.body.rule]).toEqual([409, 'purge.already_attested']);
    const client = await hub.call('POST', '/oauth/token', { json: { grant_type: 'client_credentials', client_id: 'unhcr.demo', client_secret: `unhcr-${DEMO_PASSWORD}` } });
    const bySystem = await hub.call('POST', `/v1/referrals/${toUnhcr}/purge-attestation`, { token: ((await client.json()) as { access_token: string }).access_token, json: attestation() });
    expect([bySystem.status, ((await bySystem.json()) as { rule: string }).rule]).toEqual([409, 'purge.already_attested']);
    expect(await snapshot()).toEqual(attestedState);
    // IOM is told, with ids only.
    const told = (await eventsOf(c.iomPrivacy!, 'referral.purge_attested')).filter((e) => e.referralId === toUnhcr);
    expect(told).toHaveLength(1);
  });

  it('refuses an attestation where no purge was asked', async () => {
    const other = unwrap(await c.iom!.api.POST('/v1/subjects', { body: { identity: { givenName: 'Other', familyName: 'Person', dateOfBirth: '1990-01-01', sex: 'male', languages: ['pt'] } } }));
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(other.id),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(now().getTime() + 30 * DAY).toISOString() },
      }),
    );
    const sent = unwrap(await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId: other.id, consentId: consent.consent.id, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] } }));
    const before = await snapshot();
    const refused = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/purge-attestation', { ...ref(sent.id), body: attestation() }));
    expect([refused.status, refused.body.rule]).toEqual([409, 'purge.not_requested']);
    expect(await snapshot()).toEqual(before);
  });

  it("Caminho Seguro's deadline passes: both agencies' privacy officers see the flag, UNHCR's does not", async () => {
    expect(await flagsOf(c.iomPrivacy!)).toHaveLength(0);
    ahead = 31 * DAY;
    const ownerFlags = await flagsOf(c.iomPrivacy!);
    const recipientFlags = await flagsOf(c.csPrivacy!);
    expect(ownerFlags).toHaveLength(1);
    expect(recipientFlags).toHaveLength(1);
    expect(ownerFlags[0]).toMatchObject({ kind: 'purge_unattested', subjectId, actorAgencyId: recipientFlags[0]!.actorAgencyId, detail: { referralId: toCaminho } });
    expect(recipientFlags[0]!.id).toBe(ownerFlags[0]!.id);
    expect(await flagsOf(c.unhcrPrivacy!)).toHaveLength(0);
    // The worker's sweep tells both agencies once (ids only); UNHCR's attested request is not overdue.
    expect(await flagOverduePurges({ db: db(), now: now() })).toBe(1);
    expect(await flagOverduePurges({ db: db(), now: now() })).toBe(0);
    for (const client of [c.iomPrivacy!, c.csFocal!]) expect((await eventsOf(client, 'referral.purge_overdue')).map((e) => e.referralId)).toEqual([toCaminho]);
    expect(await eventsOf(c.unhcrFocal!, 'referral.purge_overdue')).toHaveLength(0);
    // Reviewable like any other flag.
    const review = answer(await c.csPrivacy!.api.POST('/v1/access-reviews', { body: { targetKind: 'flag', targetId: recipientFlags[0]!.id, status: 'escalated', note: 'Asked the office to purge today' } }));
    expect(review.status).toBe(201);
    expect((await flagsOf(c.csPrivacy!))[0]!.reviews).toHaveLength(1);
  });

  it("leaves none of her personal data in any column of any table (searched as the owner), the log still verifies, and the tombstone lists who attested", async () => {
    for (const value of Object.values(HER)) expect({ value, found: await tablesHolding(value) }).toEqual({ value, found: [] });

    await sealLog({ db: db(), tokens: hub.tokens, now });
    expect((await verifyThroughApi(hub, tokens.iomPrivacy!, {})).verification?.report?.ok).toBe(true);

    const tombstone = answer(await c.iomPrivacy!.api.GET('/v1/subjects/{id}/erasure', ref(subjectId)));
    expect(tombstone.status).toBe(200);
    const byRecipient: Record<string, any> = Object.fromEntries((tombstone.body.purgeRequests as Array<{ recipient: string }>).map((r) => [r.recipient, r]));
    expect(byRecipient.unhcr).toMatchObject({ overdue: false, attestation: { attestedBy: ids.unhcrFocal } });
    expect(byRecipient.unhcr.attestation.attestedAt).toEqual(expect.any(String));
    expect(byRecipient['caminho-seguro']).toMatchObject({ overdue: true, attestation: null });
    // Her caseworker sees the tombstone too; another caseworker, and other agencies, do not.
    expect(answer(await c.iom!.api.GET('/v1/subjects/{id}/erasure', ref(subjectId))).status).toBe(200);
    expect(answer(await c.iomOther!.api.GET('/v1/subjects/{id}/erasure', ref(subjectId))).status).toBe(404);
    expect(answer(await c.unhcrPrivacy!.api.GET('/v1/subjects/{id}/erasure', ref(subjectId))).status).toBe(404);
    // The person's file, produced for her by her caseworker, tells of the erasure and lists who attested the purge and when: nothing personal left in it.
    const file = answer(await c.iom!.api.GET('/v1/subjects/{id}/file', ref(subjectId)));
    expect(file.status).toBe(200);
    expect(file.body.sections.erasure).toMatchObject({ reason: 'request', mode: 'erase', erasedAt: tombstone.body.erasedAt });
    const inFile: Record<string, any> = Object.fromEntries((file.body.sections.erasure.purgeRequests as Array<{ recipient: string }>).map((r) => [r.recipient, r]));
    expect(inFile.unhcr).toMatchObject({ overdue: false, attestation: { attestedBy: ids.unhcrFocal, attestedAt: byRecipient.unhcr.attestation.attestedAt } });
    expect(inFile['caminho-seguro']).toMatchObject({ overdue: true, attestation: null });
    expect(file.body.sections.data.categories.filter((category: { held: boolean }) => category.held)).toEqual([]);
    expect(new Set(file.body.sections.data.categories.map((category: { withheldBy: string }) => category.withheldBy))).toEqual(new Set(['subject.erased']));
    for (const value of Object.values(HER)) expect(JSON.stringify(file.body)).not.toContain(value);
    // Whoever may not produce her file before the erasure may not after it either.
    expect(answer(await c.iomOther!.api.GET('/v1/subjects/{id}/file', ref(subjectId))).status).toBe(404);
    expect(answer(await c.unhcrFocal!.api.GET('/v1/subjects/{id}/file', ref(subjectId))).status).toBe(404);
    // The access log keeps the erasure, by the privacy officer.
    const logged = answer(await c.iomPrivacy!.api.GET('/v1/access-events', { params: { query: { subjectId, action: 'erase', decision: 'allow' } } }));
    expect(logged.body.items.map((e: { actor: { id: string } }) => e.actor.id)).toEqual([ids.iomPrivacy]);
  });

  it('reaches down a chain: an onward referral is withdrawn, its third agency asked to purge, and its attestation reaches the owner', async () => {
    // MGCAS refers a child to UNICEF, which refers her on to Casa Esperança under the same consent.
    const mgcas = hub.client('mgcas', 'caseworker');
    const mgcasPrivacy = hub.client('mgcas', 'privacy');
    const unicefFocal = hub.client('unicef', 'focal-point');
    const casaFocal = hub.client('casa-esperanca', 'focal-point');
    const unicefId = unwrap(await hub.client('unicef', 'caseworker').api.GET('/v1/me')).id;
    const child = unwrap(await mgcas.api.POST('/v1/subjects', { body: { identity: { givenName: 'Chainchild', familyName: 'Onwardo', dateOfBirth: '2014-05-02', sex: 'female', languages: ['pt'] } } }));
    const consent = unwrap(
      await mgcas.api.POST('/v1/subjects/{id}/consents', {
        ...ref(child.id),
        body: {
          grantedBy: 'guardian', guardian: { name: 'Guardiana Onwardo', relationship: 'aunt' }, childAssent: 'given', method: 'written', language: 'pt', interpreterUsed: false,
          purposes: ['psychosocial_support'], recipients: ['unicef', 'casa-esperanca'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(now().getTime() + 90 * DAY).toISOString(),
        },
      }),
    );
    const parent = unwrap(await mgcas.api.POST('/v1/referrals', { body: { to: 'unicef', subjectId: child.id, consentId: consent.consent.id, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity'] } }));
    expect(answer(await unicefFocal.api.POST('/v1/referrals/{id}/accept', { ...ref(parent.id), body: {} })).status).toBe(200);
    expect(answer(await unicefFocal.api.POST('/v1/referrals/{id}/assign', { ...ref(parent.id), body: { assigneeId: unicefId } })).status).toBe(200);
    const onward = answer(await unicefFocal.api.POST('/v1/referrals/{id}/onward', { ...ref(parent.id), body: { to: 'casa-esperanca', service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity'] } }));
    expect(onward.status).toBe(201);

    const erased = answer(await mgcasPrivacy.api.POST('/v1/subjects/{id}/erasure', { ...ref(child.id), body: { reason: 'request', confirm: true } }));
    expect(erased.status).toBe(201);
    expect(erased.body.purgeRequests.map((r: { referralId: string; recipient: string }) => [r.referralId, r.recipient]).sort()).toEqual([
      [onward.body.id, 'casa-esperanca'],
      [parent.id, 'unicef'],
    ].sort());
    // Both referrals are withdrawn; UNICEF (the onward referral's sender) and Casa are told.
    expect((await sql<{ id: string; status: string }>`select id, status from referrals where id in (${parent.id}, ${onward.body.id}) order by id`.execute(db())).rows.map((r) => r.status)).toEqual(['withdrawn', 'withdrawn']);
    expect((await eventsOf(casaFocal, 'referral.purge_requested')).filter((e) => e.referralId === onward.body.id)).toHaveLength(1);
    expect((await eventsOf(unicefFocal, 'referral.purge_requested')).map((e) => e.referralId).sort()).toEqual([onward.body.id, parent.id].sort());
    // Both parties still read the withdrawn onward referral, alone and in their lists, its withdrawal by the owner in its history.
    const onwardRead = answer(await casaFocal.api.GET('/v1/referrals/{id}', ref(onward.body.id)));
    expect(onwardRead.status).toBe(200);
    expect(onwardRead.body.transitions.at(-1)).toMatchObject({ step: 'withdraw', to: 'withdrawn', actorAgency: 'mgcas', reason: 'subject_erased' });
    const unicefCaseworker = hub.client('unicef', 'caseworker');
    expect(answer(await unicefCaseworker.api.GET('/v1/referrals/{id}', ref(onward.body.id))).status).toBe(200);
    expect(answer(await casaFocal.api.GET('/v1/referrals', { params: { query: {} } })).status).toBe(200);
    expect(answer(await unicefCaseworker.api.GET('/v1/referrals', { params: { query: { box: 'outbox' } } })).status).toBe(200);
    // Casa attests; MGCAS, the owner, no party to the onward referral, is told and sees it.
    expect(answer(await casaFocal.api.POST('/v1/referrals/{id}/purge-attestation', { ...ref(onward.body.id), body: attestation({ purgedBy: 'Casa Esperança intake' }) })).status).toBe(201);
    expect((await eventsOf(mgcasPrivacy, 'referral.purge_attested')).map((e) => e.referralId)).toEqual([onward.body.id]);
    const tombstone = answer(await mgcasPrivacy.api.GET('/v1/subjects/{id}/erasure', ref(child.id)));
    expect(tombstone.body.purgeRequests.find((r: { recipient: string }) => r.recipient === 'casa-esperanca').attestation.purgedBy).toBe('Casa Esperança intake');
    // The guardian's name is gone from the consent; the child's from everywhere.
    expect(await tablesHolding('Guardiana Onwardo')).toEqual([]);
    expect(await tablesHolding('Chainchild')).toEqual([]);
  });

  /**
   * The columns of the schema's tables (every table, found in the catalogue: a new table that holds
   * personal data is searched too) where `value` appears, as text or, in binary columns, as bytes.
   */
  async function tablesHolding(value: string): Promise<string[]> {
    const columns = (
      await sql<{ table_name: string; column_name: string; data_type: string }>`
        select c.table_name, c.column_name, c.data_type
        from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position`.execute(db())
    ).rows;
    expect(columns.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const { table_name: table, column_name: column, data_type: type } of columns) {
      const hit =
        type === 'bytea'
          ? sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where position(convert_to(${value}, 'UTF8') in ${sql.ref(column)}) > 0`
          : sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where strpos(${sql.ref(column)}::text, ${value}) > 0`;
      if ((await hit.execute(db())).rows[0]!.n > 0) found.push(`${table}.${column}`);
    }
    return found;
  }
});
