import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PonteClient } from '@ponte/client';
import { signReceiptReference } from '@ponte/core';
import { withTenant } from '@ponte/db';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * The person withdraws their consent at an agency that holds a referral under it (issue 22, item 5),
 * through the typed SDK, on both engines: IOM records a returnee's consent and refers her to UNHCR
 * and to Caminho Seguro; at UNHCR she shows the printed receipt, whose QR code holds the hub-signed
 * receipt reference, and UNHCR's caseworker records her withdrawal on the spot. It is IOM's
 * withdrawal (in IOM's records, saying UNHCR recorded it), UNHCR's reads of her data are refused at
 * once, both referrals' agencies are asked to purge (Caminho Seguro's too, which UNHCR cannot see),
 * IOM is told, and the access event names IOM. Every refusal writes nothing; the application role
 * of UNHCR can write nothing else of IOM's.
 */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });
const WITHDRAWAL = { requestedBy: 'subject', method: 'verbal_with_witness', reason: 'She no longer wants her case shared' } as const;

describe.each(BOTH_ENGINES)('a withdrawal recorded from the printed receipt on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const agency: Record<string, string> = {};
  let subjectId: string;
  let consentId: string;
  let receipt: string;
  let qr: string;
  let toUnhcr: string;
  let toCaminho: string;
  const db = () => hub.database.db;
  const state = async () =>
    (
      await sql<{ s: string }>`select (select count(*) from consent_withdrawals) || '|' || (select count(*) from events) || '|' || (select count(*) from consents) || '|' || (select string_agg(status, ',' order by id) from referrals) as s`.execute(db())
    ).rows[0]!.s;

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, slug, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['unhcrFocal', 'unhcr', 'focal-point'],
      ['unhcr', 'unhcr', 'caseworker'],
      ['unhcr2', 'unhcr', 'caseworker2'],
      ['unhcrPrivacy', 'unhcr', 'privacy'],
      ['unhcrAdmin', 'unhcr', 'admin'],
      ['unicef', 'unicef', 'focal-point'],
      ['caminho', 'caminho-seguro', 'focal-point'],
    ] as const) {
      c[name] = hub.client(slug, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
    for (const slug of ['iom', 'unhcr', 'caminho-seguro', 'unicef']) agency[slug] = await agencyIdOf(db(), slug);

    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: {
          identity: { givenName: 'Luísa', familyName: 'Cossa', dateOfBirth: '1990-03-14', sex: 'female', nationality: 'MOZ', languages: ['pt'] },
          family: { members: [{ name: 'Tomás Cossa', relationship: 'sibling', tracingStatus: 'requested' }] },
        },
      }),
    );
    subjectId = subject.id;
    const recorded = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subjectId),
        body: {
          grantedBy: 'subject',
          method: 'written',
          language: 'pt',
          interpreterUsed: false,
          purposes: ['resettlement_processing', 'return_reintegration'],
          recipients: ['unhcr', 'caminho-seguro'],
          categories: ['identity', 'family'],
          legalBasis: 'consent',
          validUntil: new Date(Date.now() + 180 * 86400_000).toISOString(),
        },
      }),
    );
    consentId = recorded.consent.id;
    receipt = recorded.receipt;
    // What the printed receipt's QR code holds (the console prints it so): the hub-signed reference.
    qr = await signReceiptReference({ tokens: hub.tokens, now: () => new Date() }, receipt);
    toUnhcr = unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'unhcr', subjectId, consentId, service: 'family_tracing', purpose: 'resettlement_processing', urgency: 'routine', categories: ['identity', 'family'] } as never,
      }),
    ).id;
    unwrap(await c.unhcrFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(toUnhcr), body: { assigneeId: ids.unhcr! } }));
    toCaminho = unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'caminho-seguro', subjectId, consentId, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] } as never,
      }),
    ).id;
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('UNHCR’s caseworker reads what the referral shares before the withdrawal', async () => {
    const read = answer(await c.unhcr!.api.GET('/v1/referrals/{id}/subject', ref(toUnhcr)));
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain('Cossa');
  });

  it('refuses a receipt the hub did not sign, or one altered, naming the field and the check, writing nothing', async () => {
    const before = await state();
    const [header, payload, signature] = qr.split('.');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...claims, record: { ...claims.record, version: 7 } })).toString('base64url');
    for (const [token, rule] of [
      [`${header}.${payload}.${flipped}`, 'receipt.signature'],
      [`${header}.${altered}.${signature}`, 'receipt.signature'],
      ['not-a-receipt-at-all', 'receipt.malformed'],
    ] as const) {
      const refused = answer(await c.unhcr!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: token, ...WITHDRAWAL } }));
      expect(refused.status, rule).toBe(422);
      expect(refused.body).toMatchObject({ code: 'check_failed', rule, errors: [{ in: 'body', pointer: '/body/receipt', field: 'receipt' }] });
    }
    expect(await state()).toBe(before);
  });

  it('refuses an agency holding no referral under the consent, a person who may not see it, and a role that may not work it, writing nothing', async () => {
    const before = await state();
    const unicef = answer(await c.unicef!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: qr, ...WITHDRAWAL } }));
    expect(unicef.status).toBe(404);
    expect(unicef.body.rule).toBe('consent.withdrawal_not_held');
    expect(JSON.stringify(unicef.body)).not.toContain(consentId);
    for (const who of ['unhcr2', 'unhcrAdmin']) {
      const hidden = answer(await c[who]!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: qr, ...WITHDRAWAL } }));
      expect(hidden.status, who).toBe(404);
      expect(hidden.body.rule, who).toBe('need_to_know');
    }
    const officer = answer(await c.unhcrPrivacy!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: qr, ...WITHDRAWAL } }));
    expect(officer.status).toBe(403);
    expect(officer.body.rule).toBe('role.cannot_record_withdrawal');
    const bad = answer(await c.unhcr!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: qr, ...WITHDRAWAL, requestedBy: 'neighbour' } as never }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('/body/requestedBy');
    expect(await state()).toBe(before);
    // Each refusal is in the access log, with its rule.
    const { rows } = await sql<{ rule: string }>`select rule from access_events where action = 'record_withdrawal' and decision = 'deny' order by rule`.execute(db());
    expect(new Set(rows.map((r) => r.rule))).toEqual(new Set(['receipt.signature', 'receipt.malformed', 'consent.withdrawal_not_held', 'need_to_know', 'role.cannot_record_withdrawal']));
  });

  it('UNHCR’s caseworker records the withdrawal from the QR code’s content: IOM’s consent is withdrawn at once', async () => {
    const done = answer(await c.unhcr!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: qr, ...WITHDRAWAL }, headers: { 'idempotency-key': 'withdraw-at-unhcr' } }));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ consentId, version: 1, owningAgency: 'iom', recordedByAgency: 'unhcr', status: 'withdrawn', referralIds: [toUnhcr] });
    expect(JSON.stringify(done.body)).not.toContain('Cossa');
    // A retry under the same key is the same answer, and nothing more is written.
    const retried = answer(await c.unhcr!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: qr, ...WITHDRAWAL }, headers: { 'idempotency-key': 'withdraw-at-unhcr' } }));
    expect(retried.body).toEqual(done.body);

    // UNHCR's reads of her data are refused from now on.
    const read = answer(await c.unhcr!.api.GET('/v1/referrals/{id}/subject', ref(toUnhcr)));
    expect(read.status).toBe(403);
    expect(read.body.rule).toBe('referral.consent_inactive');
    expect(JSON.stringify(read.body)).not.toContain('Cossa');

    // IOM sees its consent withdrawn, and who recorded it.
    const consent = answer(await c.iom!.api.GET('/v1/consents/{id}', ref(consentId)));
    expect(consent.body).toMatchObject({ status: 'withdrawn', withdrawal: { requestedBy: 'subject', method: 'verbal_with_witness', recordedByAgency: 'unhcr' } });
    const { rows } = await sql<{ agency_id: string; withdrawn_by: string; recorded_by_agency_id: string }>`select agency_id, withdrawn_by, recorded_by_agency_id from consent_withdrawals where consent_id = ${consentId}`.execute(db());
    expect(rows).toEqual([{ agency_id: agency.iom, withdrawn_by: ids.unhcr, recorded_by_agency_id: agency.unhcr }]);
  });

  it('tells IOM (consent.withdrawn, ids only) and asks every agency of every open referral under it to purge, Caminho Seguro’s too', async () => {
    const { rows } = await sql<{ agency_id: string; type: string; referral_id: string; payload: Record<string, unknown> }>`
      select agency_id, type, referral_id, payload from events where type in ('consent.withdrawn', 'referral.purge_requested') order by type, agency_id, referral_id`.execute(db());
    const told = rows.map((r) => `${r.type} ${Object.entries(agency).find(([, id]) => id === r.agency_id)![0]} ${r.referral_id === toUnhcr ? 'toUnhcr' : 'toCaminho'}`).sort();
    expect(told).toEqual(
      [
        'consent.withdrawn iom toUnhcr',
        'referral.purge_requested iom toUnhcr',
        'referral.purge_requested unhcr toUnhcr',
        'referral.purge_requested iom toCaminho',
        'referral.purge_requested caminho-seguro toCaminho',
      ].sort(),
    );
    expect(rows.find((r) => r.type === 'consent.withdrawn')!.payload).toEqual({ consentId, referralId: toUnhcr, recordedByAgency: 'unhcr' });
    expect(JSON.stringify(rows)).not.toContain('Cossa');
    // Through the API: IOM's feed and Caminho Seguro's.
    const iomFeed = answer(await c.iom!.api.GET('/v1/events', {} as never));
    expect(iomFeed.body.items.map((e: { type: string }) => e.type)).toContain('consent.withdrawn');
    const caminhoFeed = answer(await c.caminho!.api.GET('/v1/events', {} as never));
    expect(caminhoFeed.body.items.filter((e: { type: string }) => e.type === 'referral.purge_requested').map((e: { referralId: string }) => e.referralId)).toEqual([toCaminho]);
  });

  it('logs the withdrawal once, in UNHCR’s log, naming IOM as the owner: both agencies’ privacy officers see it', async () => {
    const { rows } = await sql<{ agency_id: string; owning_agency_id: string; subject_id: string; rule: string }>`
      select agency_id, owning_agency_id, subject_id, rule from access_events where action = 'record_withdrawal' and decision = 'allow'`.execute(db());
    expect(rows).toEqual([{ agency_id: agency.unhcr, owning_agency_id: agency.iom, subject_id: subjectId, rule: 'consent.withdrawal_by_recipient' }]);
    const report = answer(await c.iomPrivacy!.api.GET('/v1/subjects/{id}/access-report', ref(subjectId) as never));
    expect(report.status).toBe(200);
    expect(JSON.stringify(report.body)).toContain('record_withdrawal');
    const unhcrLog = answer(await c.unhcrPrivacy!.api.GET('/v1/access-events', { params: { query: { limit: 200 } } } as never));
    expect(JSON.stringify(unhcrLog.body)).toContain('record_withdrawal');
  });

  it('refuses a second withdrawal (409), from the QR code or the full receipt, writing nothing', async () => {
    const before = await state();
    for (const token of [qr, receipt]) {
      const again = answer(await c.unhcr!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: token, ...WITHDRAWAL } }));
      expect(again.status).toBe(409);
      expect(again.body.rule).toBe('consent.already_withdrawn');
    }
    expect(await state()).toBe(before);
  });

  it('when the owner and two recipients withdraw the same consent at once, one records it and the others are told 409, never a deadlock', async () => {
    for (const round of [1, 2, 3]) {
      const person = unwrap(await c.iom!.api.POST('/v1/subjects', { body: { identity: { givenName: `Race${round}`, familyName: 'Cossa', estimatedAge: 30, sex: 'female', languages: ['pt'] } } }));
      const given = unwrap(
        await c.iom!.api.POST('/v1/subjects/{id}/consents', {
          ...ref(person.id),
          body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['resettlement_processing', 'return_reintegration'], recipients: ['unhcr', 'caminho-seguro'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86400_000).toISOString() },
        }),
      );
      const raceQr = await signReceiptReference({ tokens: hub.tokens, now: () => new Date() }, given.receipt);
      for (const [to, service, purpose] of [['unhcr', 'family_tracing', 'resettlement_processing'], ['caminho-seguro', 'legal_aid', 'return_reintegration']] as const)
        unwrap(await c.iom!.api.POST('/v1/referrals', { body: { to, subjectId: person.id, consentId: given.consent.id, service, purpose, urgency: 'routine', categories: ['identity'] } as never }));
      const statuses = await Promise.all([
        c.iom!.api.POST('/v1/consents/{id}/withdraw', { ...ref(given.consent.id), body: WITHDRAWAL }),
        c.unhcrFocal!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: raceQr, ...WITHDRAWAL } }),
        c.caminho!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: raceQr, ...WITHDRAWAL } }),
      ]).then((answers) => answers.map((a) => a.response.status).sort());
      expect(statuses, `round ${round}`).toEqual([200, 409, 409]);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from consent_withdrawals where consent_id = ${given.consent.id}`.execute(db());
      expect(rows[0]!.n).toBe(1);
    }
  });

  it('locks the referrals as the owner’s withdrawal does, before writing: a recipient waits for the owner’s withdrawal and then finds it (23505), never deadlocks', async () => {
    const person = unwrap(await c.iom!.api.POST('/v1/subjects', { body: { identity: { givenName: 'Lock', familyName: 'Cossa', estimatedAge: 30, sex: 'female', languages: ['pt'] } } }));
    const given = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(person.id),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['resettlement_processing'], recipients: ['unhcr'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86400_000).toISOString() },
      }),
    ).consent.id;
    unwrap(await c.iom!.api.POST('/v1/referrals', { body: { to: 'unhcr', subjectId: person.id, consentId: given, service: 'family_tracing', purpose: 'resettlement_processing', urgency: 'routine', categories: ['identity'] } as never }));
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let ownerLocked!: () => void;
    const locked = new Promise<void>((resolve) => (ownerLocked = resolve));
    // The owner's withdrawal as withdrawConsent makes it: the referrals locked, then the row written.
    const owner = withTenant(db(), agency.iom!, async (tx) => {
      await sql`select id from referrals where consent_id = ${given} and status in ('sent', 'accepted', 'in_progress') order by id for update`.execute(tx);
      ownerLocked();
      await gate;
      await sql`insert into consent_withdrawals (agency_id, consent_id, requested_by, method, reason, withdrawn_by, withdrawn_at) values (${agency.iom}, ${given}, 'subject', 'written', 'owner', ${ids.iom}, now())`.execute(tx);
    });
    await locked;
    let pastTheLock = false;
    const recipient = withTenant(db(), agency.unhcr!, async (tx) => {
      await sql`select lock_referrals_for_withdrawal(${agency.iom}::uuid, ${given}::uuid)`.execute(tx);
      pastTheLock = true;
      await sql`insert into consent_withdrawals (agency_id, consent_id, requested_by, method, reason, withdrawn_by, withdrawn_at, recorded_by_agency_id)
        values (${agency.iom}, ${given}, 'subject', 'written', 'recipient', ${ids.unhcr}, now(), ${agency.unhcr})`.execute(tx);
    }).then(
      () => 'recorded',
      (error: { code?: string }) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pastTheLock).toBe(false);
    openGate();
    await owner;
    expect(await recipient).toBe('23505');
  });

  it('takes the owning agency’s own people through its own withdrawal when they scan the QR code', async () => {
    const person = unwrap(await c.iom!.api.POST('/v1/subjects', { body: { identity: { givenName: 'Own', familyName: 'Cossa', estimatedAge: 30, sex: 'female', languages: ['pt'] } } }));
    const given = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(person.id),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['resettlement_processing'], recipients: ['unhcr'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86400_000).toISOString() },
      }),
    );
    const ownQr = await signReceiptReference({ tokens: hub.tokens, now: () => new Date() }, given.receipt);
    // Its privacy officer reads consents but may not withdraw one (the owner's rule, 403).
    const officer = answer(await c.iomPrivacy!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: ownQr, ...WITHDRAWAL } }));
    expect(officer.status).toBe(403);
    expect(officer.body.rule).toBe('role.cannot_withdraw');
    const done = answer(await c.iom!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: ownQr, ...WITHDRAWAL } }));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ consentId: given.consent.id, owningAgency: 'iom', recordedByAgency: 'iom', status: 'withdrawn', referralIds: [] });
    expect(answer(await c.iom!.api.GET('/v1/consents/{id}', ref(given.consent.id))).body.withdrawal).toMatchObject({ recordedByAgency: null });
  });

  it('UNHCR’s application role can write nothing else of IOM’s, and learns no other referral after the withdrawal', async () => {
    const asUnhcr = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(db(), agency.unhcr!, work);
    const refused = async (statement: ReturnType<typeof sql>) => expect(asUnhcr((tx) => statement.execute(tx))).rejects.toThrow(/row-level security|permission denied/);
    // Another consent of IOM's, under which UNHCR holds no referral.
    const other = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subjectId),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86400_000).toISOString() },
      }),
    ).consent.id;
    const before = await state();
    await refused(sql`insert into consent_withdrawals (agency_id, consent_id, requested_by, method, reason, withdrawn_by, withdrawn_at, recorded_by_agency_id)
      values (${agency.iom}, ${other}, 'subject', 'written', 'x', ${ids.unhcr}, now(), ${agency.unhcr})`);
    // Nor as if IOM recorded it, nor in another agency's name.
    await refused(sql`insert into consent_withdrawals (agency_id, consent_id, requested_by, method, reason, withdrawn_by, withdrawn_at) values (${agency.iom}, ${other}, 'subject', 'written', 'x', ${ids.unhcr}, now())`);
    await refused(sql`insert into consents (agency_id, consent_id, version, subject_id, granted_by, method, language, interpreter_used, purposes, recipient_agency_ids, categories, legal_basis, valid_from, valid_until, recorded_by, recorded_at)
      values (${agency.iom}, gen_random_uuid(), 1, ${subjectId}, 'subject', 'written', 'pt', false, '{return_reintegration}', '{}', '{identity}', 'consent', now(), now() + interval '1 day', ${ids.unhcr}, now())`);
    await refused(sql`update consent_withdrawals set reason = 'changed' where consent_id = ${consentId}`);
    await refused(sql`delete from consent_withdrawals where consent_id = ${consentId}`);
    expect(((await asUnhcr((tx) => sql`update subjects set team = 'x' where id = ${subjectId}`.execute(tx))) as { numAffectedRows?: bigint }).numAffectedRows ?? 0n).toBe(0n);
    // The referrals a withdrawal reaches are told only in the transaction that recorded it: none now.
    expect((await asUnhcr((tx) => sql`select * from referrals_reached_by_withdrawal(${agency.iom}::uuid, ${consentId}::uuid)`.execute(tx))).rows).toEqual([]);
    await refused(sql`insert into events (agency_id, type, referral_id, payload, created_at, seq) values (${agency['caminho-seguro']}, 'referral.purge_requested', ${toCaminho}, '{}', now(), 999999)`);
    // IOM may not name another agency as the recorder of its own withdrawal.
    await expect(
      withTenant(db(), agency.iom!, (tx) =>
        sql`insert into consent_withdrawals (agency_id, consent_id, requested_by, method, reason, withdrawn_by, withdrawn_at, recorded_by_agency_id) values (${agency.iom}, ${other}, 'subject', 'written', 'x', ${ids.iom}, now(), ${agency.unhcr})`.execute(tx),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await state()).toBe(before);
  });
});

/*
 * Down a chain, with an earlier version's receipt: MGCAS refers a child to UNICEF, which refers her on
 * to Casa Esperança under MGCAS's consent; MGCAS then records a new version of the consent. At Casa,
 * the aunt shows the first receipt: Casa's caseworker records the withdrawal of MGCAS's consent (every
 * version ends), Casa's and UNICEF's reads stop, and every agency of the chain is asked to purge.
 */
describe.each(BOTH_ENGINES)('a withdrawal recorded down a referral chain on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const agency: Record<string, string> = {};

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, slug, user] of [
      ['mgcas', 'mgcas', 'caseworker'],
      ['unicef', 'unicef', 'caseworker'],
      ['unicefFocal', 'unicef', 'focal-point'],
      ['casa', 'casa-esperanca', 'caseworker'],
      ['casaFocal', 'casa-esperanca', 'focal-point'],
    ] as const) {
      c[name] = hub.client(slug, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
    for (const slug of ['mgcas', 'unicef', 'casa-esperanca']) agency[slug] = await agencyIdOf(hub.database.db, slug);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('Casa Esperança’s caseworker withdraws MGCAS’s consent from its first receipt; the chain stops and is asked to purge', async () => {
    const consentBody = {
      grantedBy: 'guardian',
      guardian: { name: 'Rosa Mabunda', relationship: 'aunt' },
      childAssent: 'given',
      method: 'written',
      language: 'pt',
      interpreterUsed: false,
      purposes: ['psychosocial_support'],
      recipients: ['unicef', 'casa-esperanca'],
      categories: ['identity', 'contact', 'protection'],
      legalBasis: 'consent',
      validUntil: new Date(Date.now() + 90 * 86400_000).toISOString(),
    } as const;
    const subject = unwrap(
      await c.mgcas!.api.POST('/v1/subjects', { body: { identity: { givenName: 'Teresa', familyName: 'Mabunda', dateOfBirth: '2014-05-02', sex: 'female', languages: ['pt'] }, contact: { phone: '+258845550123', safeToContact: true } } }),
    );
    const first = unwrap(await c.mgcas!.api.POST('/v1/subjects/{id}/consents', { ...ref(subject.id), body: consentBody as never }));
    const consentId = first.consent.id;
    const qr = await signReceiptReference({ tokens: hub.tokens, now: () => new Date() }, first.receipt);
    const parent = unwrap(
      await c.mgcas!.api.POST('/v1/referrals', {
        body: { to: 'unicef', subjectId: subject.id, consentId, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity', 'contact', 'protection'] },
      }),
    ).id;
    unwrap(await c.unicefFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(parent), body: { assigneeId: ids.unicef! } }));
    const onward = unwrap(
      await c.unicef!.api.POST('/v1/referrals/{id}/onward', { ...ref(parent), body: { to: 'casa-esperanca', service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity', 'contact'] } }),
    ).id;
    unwrap(await c.casaFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(onward), body: { assigneeId: ids.casa! } }));
    expect(answer(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(onward))).status).toBe(200);
    // A new version of the consent: the aunt's printed receipt is of the first.
    const second = unwrap(await c.mgcas!.api.POST('/v1/subjects/{id}/consents', { ...ref(subject.id), body: { ...consentBody, supersedes: consentId } as never }));
    expect(second.consent).toMatchObject({ id: consentId, version: 2 });

    const done = answer(await c.casa!.api.POST('/v1/consent-receipts/withdrawal', { body: { receipt: qr, requestedBy: 'guardian', method: 'verbal_with_witness', reason: 'The aunt withdraws it' } }));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ consentId, version: 2, owningAgency: 'mgcas', recordedByAgency: 'casa-esperanca', referralIds: [onward] });
    expect(answer(await c.casa!.api.GET('/v1/referrals/{id}/subject', ref(onward))).status).toBe(403);
    expect(answer(await c.unicef!.api.GET('/v1/referrals/{id}/subject', ref(parent))).status).toBe(403);
    expect(answer(await c.mgcas!.api.GET('/v1/consents/{id}', ref(consentId))).body).toMatchObject({ version: 2, status: 'withdrawn', withdrawal: { recordedByAgency: 'casa-esperanca' } });

    const { rows } = await sql<{ agency_id: string; type: string; referral_id: string }>`
      select agency_id, type, referral_id from events where type in ('consent.withdrawn', 'referral.purge_requested')`.execute(hub.database.db);
    const slug = (id: string) => Object.entries(agency).find(([, a]) => a === id)![0];
    expect(rows.map((r) => `${r.type} ${slug(r.agency_id)} ${r.referral_id === parent ? 'parent' : 'onward'}`).sort()).toEqual(
      [
        'consent.withdrawn mgcas onward',
        'referral.purge_requested mgcas parent',
        'referral.purge_requested unicef parent',
        'referral.purge_requested unicef onward',
        'referral.purge_requested casa-esperanca onward',
      ].sort(),
    );
  });
});
