import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PonteClient } from '@ponte/client';
import { withTenant } from '@ponte/db';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * A transfer of responsibility (issue 21, item 4) through the typed SDK, on both engines: an
 * unaccompanied child's case is handed over from IOM to MGCAS under a best-interests
 * determination; MGCAS accepts and reads its own record holding exactly the transferred
 * categories; IOM's record stays writable during the grace period, then is read-only and its
 * reads are logged as historical; both agencies' feeds and both records' access reports tell it;
 * every refusal stores nothing.
 */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any, headers: result.response.headers });
const ref = (id: string) => ({ params: { path: { id } } });
const REASON = 'Unaccompanied child: case management belongs with social welfare';

describe.each(BOTH_ENGINES)('a transfer of responsibility on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const count = async (table: 'subject_transfers' | 'subjects' | 'consents') =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(hub.database.db)).rows[0]!.n;
  const counts = async () => ({ transfers: await count('subject_transfers'), subjects: await count('subjects'), consents: await count('consents') });

  /** An unaccompanied child registered by IOM's child-protection officer, with a best-interests determination naming MGCAS. */
  async function child(givenName: string) {
    const subject = unwrap(
      await c.iomCp!.api.POST('/v1/subjects', {
        body: {
          identity: { givenName, familyName: 'Mondlane', estimatedAge: 13, sex: 'female', nationality: 'MOZ', languages: ['vmw'] },
          location: { current: { country: 'MOZ', province: 'MZ-P', district: 'Pemba' } },
          family: { members: [{ name: 'Rosa Mondlane', relationship: 'mother', tracingStatus: 'requested' }] },
          protection: { traffickingIndicators: [], unaccompaniedMinor: true, separatedChild: true, vulnerabilities: [] },
          health: { medicalNeeds: ['trauma counselling'], urgentCare: false },
        },
      }),
    );
    const consent = unwrap(
      await c.iomCp!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: {
          grantedBy: 'best_interests_determination',
          bestInterestsDetermination: { reference: 'BID-IOM-P-2026-031', decidedOn: '2026-11-30' },
          childAssent: 'given',
          method: 'written',
          language: 'vmw',
          interpreterUsed: true,
          purposes: ['best_interests_procedure', 'protection_assistance'],
          recipients: ['mgcas'],
          categories: ['identity', 'location', 'family', 'protection', 'health'],
          legalBasis: 'vital_interests',
          validUntil: new Date(Date.now() + 180 * 86400_000).toISOString(),
        },
      }),
    );
    return { subjectId: subject.id, consentId: consent.consent.id, version: subject.version };
  }
  const transferBody = (consentId: string, extra: Record<string, unknown> = {}) =>
    ({ to: 'mgcas', consentId, purpose: 'best_interests_procedure', categories: ['identity', 'family', 'protection'], reason: REASON, ...extra }) as any;

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, agency, user] of [
      ['iomCp', 'iom', 'child-protection'],
      ['iomCaseworker2', 'iom', 'caseworker2'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['iomAdmin', 'iom', 'admin'],
      ['mgcasFocal', 'mgcas', 'focal-point'],
      ['mgcasCaseworker', 'mgcas', 'caseworker'],
      ['mgcasPrivacy', 'mgcas', 'privacy'],
      ['mgcasAdmin', 'mgcas', 'admin'],
      ['unicefFocal', 'unicef', 'focal-point'],
    ] as const) {
      c[name] = hub.client(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  let main: { subjectId: string; consentId: string; version: number };
  let transferId: string;
  let receivedId: string;

  it('IOM asks MGCAS to take the child’s case over; MGCAS’s focal point sees it, others do not', async () => {
    main = await child('Ancha');
    const asked = answer(await c.iomCp!.api.POST('/v1/subjects/{id}/transfers', { ...ref(main.subjectId), body: transferBody(main.consentId), headers: { 'idempotency-key': 'transfer-1' } }));
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ fromAgency: 'iom', toAgency: 'mgcas', status: 'pending', subjectId: main.subjectId, consentId: main.consentId, legalBasis: 'vital_interests', receivedSubjectId: null, readOnlyFrom: null, version: 1 });
    expect(asked.headers.get('etag')).toBe('"1"');
    transferId = asked.body.id;
    const retried = answer(await c.iomCp!.api.POST('/v1/subjects/{id}/transfers', { ...ref(main.subjectId), body: transferBody(main.consentId), headers: { 'idempotency-key': 'transfer-1' } }));
    expect(retried.body.id).toBe(transferId);

    const inbox = answer(await c.mgcasFocal!.api.GET('/v1/transfers', { params: { query: { box: 'inbox' } } }));
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([transferId]);
    // The receiver sees neither the sender's subject id nor its consent id.
    expect(inbox.body.items[0]).toMatchObject({ subjectId: null, consentId: null, reason: REASON });
    const outbox = answer(await c.iomCp!.api.GET('/v1/transfers', { params: { query: { box: 'outbox', status: 'pending' } } }));
    expect(outbox.body.items.map((t: { id: string }) => t.id)).toEqual([transferId]);
    // Not one's to know: another agency, the receiver's caseworker, the sender's caseworker not on the subject.
    for (const who of ['unicefFocal', 'mgcasCaseworker', 'iomCaseworker2'])
      expect(answer(await c[who]!.api.GET('/v1/transfers/{id}', ref(transferId))).status, who).toBe(404);
    expect(answer(await c.iomCaseworker2!.api.GET('/v1/transfers', { params: { query: { box: 'outbox' } } })).body.items).toEqual([]);
    expect(answer(await c.mgcasPrivacy!.api.GET('/v1/transfers/{id}', ref(transferId))).status).toBe(200);
  });

  it('refuses to accept by someone not the receiver’s focal point or supervisor, or without a caseworker to take it, storing nothing', async () => {
    const before = await counts();
    const caseworker = answer(await c.mgcasCaseworker!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: {} }));
    expect(caseworker.status).toBe(404);
    const officer = answer(await c.mgcasPrivacy!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: {} }));
    expect(officer.status).toBe(403);
    expect(officer.body.rule).toBe('Transfer.accept');
    const outsider = answer(await c.unicefFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: {} }));
    expect(outsider.status).toBe(404);
    const sender = answer(await c.iomCp!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: {} }));
    expect(sender.status).toBe(403);
    const unassigned = answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: {} }));
    expect(unassigned.status).toBe(400);
    expect(unassigned.body.errors[0]).toMatchObject({ field: 'assigneeId', check: 'required' });
    const notCaseworker = answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: { assigneeId: ids.mgcasAdmin! } }));
    expect(notCaseworker.status).toBe(400);
    expect(await counts()).toEqual(before);
    expect(answer(await c.mgcasFocal!.api.GET('/v1/transfers/{id}', ref(transferId))).body.status).toBe('pending');
  });

  it('MGCAS accepts: it reads its own record with exactly the transferred categories; accepting twice is refused', async () => {
    const accepted = answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: { assigneeId: ids.mgcasCaseworker! } }));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', subjectId: null, version: 2 });
    receivedId = accepted.body.receivedSubjectId;
    expect(receivedId).toMatch(/^[0-9a-f-]{36}$/);
    expect(receivedId).not.toBe(main.subjectId);
    const graceDays = (Date.parse(accepted.body.readOnlyFrom) - Date.parse(accepted.body.decidedAt)) / 86400_000;
    expect(graceDays).toBe(14);

    const twice = answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(transferId), body: { assigneeId: ids.mgcasCaseworker! } }));
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ rule: 'transfer.transition_not_allowed', currentStatus: 'accepted' });
    const cancelLate = answer(await c.iomCp!.api.POST('/v1/transfers/{id}/cancel', ref(transferId)));
    expect(cancelLate.status).toBe(409);

    const own = answer(await c.mgcasCaseworker!.api.GET('/v1/subjects/{id}', ref(receivedId)));
    expect(own.status).toBe(200);
    expect(own.body.agency).toBe('mgcas');
    expect(Object.keys(own.body.data).sort()).toEqual(['family', 'identity', 'protection']);
    expect(own.body.data.identity.givenName).toBe('Ancha');
    expect(own.body.access.readable.sort()).toEqual(['family', 'identity', 'protection']);
    // Not a copy of the rest, not even unreadable: the columns of the categories not transferred are empty.
    const { rows } = await sql<{ location: unknown; health: unknown; agency_id: string }>`select location, health, agency_id from subjects where id = ${receivedId}`.execute(hub.database.db);
    expect(rows[0]).toMatchObject({ location: null, health: null });
    // The receiver has the transfer's basis as its own consent, for those categories and no recipient.
    const consents = answer(await c.mgcasCaseworker!.api.GET('/v1/subjects/{id}/consents', ref(receivedId)));
    expect(consents.body.items ?? consents.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ grantedBy: 'best_interests_determination', categories: ['identity', 'family', 'protection'], recipients: [], status: 'active' })]),
    );
    // MGCAS no longer sees IOM's record, now the transfer is decided.
    expect(answer(await c.mgcasCaseworker!.api.GET('/v1/subjects/{id}', ref(main.subjectId))).status).toBe(404);
  });

  it('keeps IOM’s record writable during the grace period, then read-only with reads logged as historical', async () => {
    const read = answer(await c.iomCp!.api.GET('/v1/subjects/{id}', ref(main.subjectId)));
    expect(read.status).toBe(200);
    const during = answer(await c.iomCp!.api.PATCH('/v1/subjects/{id}', { ...ref(main.subjectId), body: { contact: { phone: '+258840000111', safeToContact: false } }, headers: { 'if-match': read.headers.get('etag')! } }));
    expect(during.status).toBe(200);

    // The grace period passes (the hub's clock is not moved: the transfer's date is).
    await sql`update subject_transfers set read_only_from = now() - interval '1 minute' where id = ${transferId}`.execute(hub.database.db);
    const after = answer(await c.iomCp!.api.PATCH('/v1/subjects/{id}', { ...ref(main.subjectId), body: { contact: { phone: '+258840000222', safeToContact: false } }, headers: { 'if-match': during.headers.get('etag')! } }));
    expect(after.status).toBe(409);
    expect(after.body.rule).toBe('subject.transferred');
    expect(after.body.readOnlyFrom).toBeTruthy();
    const consentAfter = answer(
      await c.iomCp!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(main.subjectId),
        body: { grantedBy: 'best_interests_determination', bestInterestsDetermination: { reference: 'BID-IOM-P-2026-032', decidedOn: '2026-12-01' }, childAssent: 'given', method: 'written', language: 'vmw', interpreterUsed: true, purposes: ['protection_assistance'], recipients: ['unicef'], categories: ['identity'], legalBasis: 'vital_interests', validUntil: new Date(Date.now() + 30 * 86400_000).toISOString() },
      }),
    );
    expect(consentAfter.status).toBe(409);
    expect(consentAfter.body.rule).toBe('subject.transferred');
    // Nor is the case IOM's to refer any more.
    const referralsBefore = (await sql<{ n: number }>`select count(*)::int as n from referrals`.execute(hub.database.db)).rows[0]!.n;
    const referred = answer(
      await c.iomCp!.api.POST('/v1/referrals', {
        body: { to: 'mgcas', subjectId: main.subjectId, consentId: main.consentId, service: 'child_protection_case_management', purpose: 'best_interests_procedure', urgency: 'priority', categories: ['identity'] },
      }),
    );
    expect(referred.status).toBe(409);
    expect(referred.body.rule).toBe('subject.transferred');
    expect((await sql<{ n: number }>`select count(*)::int as n from referrals`.execute(hub.database.db)).rows[0]!.n).toBe(referralsBefore);
    const { rows: unchanged } = await sql<{ contact: { phone: string } }>`select contact from subjects where id = ${main.subjectId}`.execute(hub.database.db);
    expect(unchanged[0]!.contact.phone).toBe('+258840000111');

    const historical = answer(await c.iomCp!.api.GET('/v1/subjects/{id}', ref(main.subjectId)));
    expect(historical.status).toBe(200);
    const { rows } = await sql<{ purpose: string | null; decision: string }>`
      select purpose, decision from access_events where subject_id = ${main.subjectId} and resource = 'Subject' and action = 'read' and decision = 'allow' order by occurred_at`.execute(hub.database.db);
    expect(rows.at(-1)!.purpose).toBe('historical');
    expect(rows[0]!.purpose).toBeNull();
    // The privacy officer finds them by that purpose.
    const search = answer(await c.iomPrivacy!.api.GET('/v1/access-events', { params: { query: { subjectId: main.subjectId, purpose: 'historical' } } }));
    expect(search.status).toBe(200);
    expect(search.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it('tells both agencies of each step with ids only, and both records’ access reports hold the transfer', async () => {
    for (const client of [c.iomAdmin!, c.mgcasAdmin!]) {
      const feed = answer(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
      const mine = feed.body.items.filter((e: { type: string; data: { transferId?: string } }) => e.type.startsWith('subject.transfer_') && e.data.transferId === transferId);
      expect(mine.map((e: { type: string }) => e.type)).toEqual(['subject.transfer_requested', 'subject.transfer_accepted']);
      for (const e of mine) expect(Object.keys(e.data).sort()).toEqual(['fromAgency', 'status', 'toAgency', 'transferId', 'version']);
      expect(JSON.stringify(feed.body)).not.toContain('Ancha');
      expect(JSON.stringify(feed.body)).not.toContain(REASON);
    }
    const iomReport = answer(await c.iomPrivacy!.api.GET('/v1/subjects/{id}/access-report', { params: { path: { id: main.subjectId }, query: { format: 'json' } } }));
    expect(iomReport.status).toBe(200);
    const iomRules = iomReport.body.accesses.map((a: { rule: string; agency: { slug: string } }) => `${a.agency.slug}:${a.rule}`);
    expect(iomRules).toEqual(expect.arrayContaining(['iom:subject.transfer_requested', 'mgcas:subject.transfer_accepted']));
    const mgcasReport = answer(await c.mgcasPrivacy!.api.GET('/v1/subjects/{id}/access-report', { params: { path: { id: receivedId }, query: { format: 'json' } } }));
    expect(mgcasReport.body.accesses.map((a: { rule: string }) => a.rule)).toEqual(expect.arrayContaining(['subject.transfer_received']));
    expect(hub.logs.join('\n')).not.toContain(REASON);
  });

  it('keeps transfers to their two agencies in the database itself, and the sender’s row from the receiver once decided', async () => {
    const [iom, mgcas, unicef] = await Promise.all(['iom', 'mgcas', 'unicef'].map((slug) => agencyIdOf(hub.database.db, slug)));
    const seen = (agency: string) => withTenant(hub.database.db, agency, (tx) => tx.selectFrom('subject_transfers').select('id').where('id', '=', transferId).execute());
    expect(await seen(iom!)).toHaveLength(1);
    expect(await seen(mgcas!)).toHaveLength(1);
    expect(await seen(unicef!)).toHaveLength(0);
    // Accepted: the receiver no longer sees the sender's subject row, nor its consent.
    const subjectRows = await withTenant(hub.database.db, mgcas!, (tx) => tx.selectFrom('subjects').select('id').where('id', '=', main.subjectId).execute());
    expect(subjectRows).toHaveLength(0);
    const consentRows = await withTenant(hub.database.db, mgcas!, (tx) => tx.selectFrom('consents').select('id').where('consent_id', '=', main.consentId).execute());
    expect(consentRows).toHaveLength(0);
    // Nobody writes a transfer in another agency's name, nor moves one it is not party to.
    const forged = withTenant(hub.database.db, mgcas!, (tx) =>
      tx.insertInto('subject_transfers').values({ agency_id: iom!, subject_id: main.subjectId, recipient_agency_id: mgcas!, consent_id: main.consentId, legal_basis: 'consent', purpose: 'best_interests_procedure', categories: ['identity'], reason: 'forged', requested_by: ids.mgcasFocal!, requested_at: new Date() }).execute(),
    );
    await expect(forged).rejects.toThrow();
    const moved = await withTenant(hub.database.db, unicef!, (tx) => tx.updateTable('subject_transfers').set({ status: 'cancelled' }).where('id', '=', transferId).executeTakeFirst());
    expect(Number(moved.numUpdatedRows)).toBe(0);
  });

  it('refuses what the consent or the agreement does not cover, a transfer to oneself, an open referral to the same agency and a second pending transfer, storing nothing', async () => {
    const other = await child('Belmira');
    const before = await counts();
    const ask = async (body: unknown, who = 'iomCp', subjectId = other.subjectId) => answer(await c[who]!.api.POST('/v1/subjects/{id}/transfers', { ...ref(subjectId), body: body as any }));

    const self = await ask(transferBody(other.consentId, { to: 'iom' }));
    expect(self.status).toBe(400);
    expect(self.body.errors[0]).toMatchObject({ field: 'to', check: 'not_self' });
    const unknown = await ask(transferBody(other.consentId, { to: 'nowhere' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'to', check: 'known_agency' });
    // UNICEF: no agreement from IOM, and the determination does not name it.
    const unicef = await ask(transferBody(other.consentId, { to: 'unicef' }));
    expect(unicef.status).toBe(422);
    expect(unicef.body.rule).toBe('transfer.check_failed');
    expect(unicef.body.errors.map((e: { check: string }) => e.check).sort()).toEqual(['agreement_in_force', 'consent_names_recipient']);
    // `legal` is in neither the agreement nor the determination.
    const legal = await ask(transferBody(other.consentId, { categories: ['identity', 'legal'] }));
    expect(legal.status).toBe(422);
    expect(legal.body.errors.map((e: { field: string; check: string }) => `${e.field}:${e.check}`).sort()).toEqual(['categories:agreement_covers_categories', 'categories:consent_covers_categories']);
    const purpose = await ask(transferBody(other.consentId, { purpose: 'family_tracing_reunification' }));
    expect(purpose.status).toBe(422);
    expect(purpose.body.errors.map((e: { check: string }) => e.check)).toEqual(['consent_covers_purpose']);
    const strange = await ask(transferBody('0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90'));
    expect(strange.status).toBe(422);
    expect(strange.body.errors.map((e: { check: string }) => e.check)).toEqual(['known_consent']);
    const notMine = await ask(transferBody(other.consentId), 'iomCaseworker2');
    expect(notMine.status).toBe(404);
    const stranger = await ask(transferBody(other.consentId), 'mgcasCaseworker');
    expect(stranger.status).toBe(404);
    const extra = await ask({ ...transferBody(other.consentId), subjectName: 'Belmira' });
    expect(extra.status).toBe(400);
    expect(await counts()).toEqual(before);

    // An open referral to MGCAS: the two would overlap.
    const referral = answer(
      await c.iomCp!.api.POST('/v1/referrals', {
        body: { to: 'mgcas', subjectId: other.subjectId, consentId: other.consentId, service: 'child_protection_case_management', purpose: 'best_interests_procedure', urgency: 'priority', categories: ['identity', 'protection'] },
      }),
    );
    expect(referral.status).toBe(201);
    const open = await ask(transferBody(other.consentId));
    expect(open.status).toBe(409);
    expect(open.body.rule).toBe('transfer.open_referral_to_recipient');
    expect(await count('subject_transfers')).toBe(before.transfers);
    const withdrawn = answer(await c.iomCp!.api.POST('/v1/referrals/{id}/withdraw', { ...ref(referral.body.id), body: { reason: 'Transferred instead' } }));
    expect(withdrawn.status).toBe(200);

    const first = await ask(transferBody(other.consentId));
    expect(first.status).toBe(201);
    const second = await ask(transferBody(other.consentId));
    expect(second.status).toBe(409);
    expect(second.body.rule).toBe('transfer.already_pending');
    expect(await count('subject_transfers')).toBe(before.transfers + 1);

    // A transfer already accepted cannot be asked again either.
    const again = await ask(transferBody(main.consentId), 'iomCp', main.subjectId);
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('subject.transferred');

    // The denials are in the access log under the rule that refused them.
    const { rows } = await sql<{ rule: string }>`select rule from access_events where subject_id = ${other.subjectId} and resource = 'Transfer' and decision = 'deny'`.execute(hub.database.db);
    expect(rows.map((r) => r.rule)).toEqual(expect.arrayContaining(['transfer.check_failed', 'transfer.open_referral_to_recipient', 'transfer.already_pending']));
  });

  it('the sender cancels a pending transfer; the receiver declines another, saying why; nothing is copied', async () => {
    const [pending] = answer(await c.iomCp!.api.GET('/v1/transfers', { params: { query: { box: 'outbox', status: 'pending' } } })).body.items;
    const before = await counts();
    const officer = answer(await c.iomPrivacy!.api.POST('/v1/transfers/{id}/cancel', ref(pending.id)));
    expect(officer.status).toBe(403);
    expect(officer.body.rule).toBe('Transfer.cancel');
    const stale = answer(await c.iomCp!.api.POST('/v1/transfers/{id}/cancel', { ...ref(pending.id), headers: { 'if-match': '"7"' } }));
    expect(stale.status).toBe(412);
    const cancelled = answer(await c.iomCp!.api.POST('/v1/transfers/{id}/cancel', { ...ref(pending.id), headers: { 'if-match': '"1"' } }));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 2 });
    expect(answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(pending.id), body: { assigneeId: ids.mgcasCaseworker! } })).status).toBe(409);

    const third = await child('Celeste');
    const asked = answer(await c.iomCp!.api.POST('/v1/subjects/{id}/transfers', { ...ref(third.subjectId), body: transferBody(third.consentId) }));
    expect(asked.status).toBe(201);
    const noReason = answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/decline', { ...ref(asked.body.id), body: {} as any }));
    expect(noReason.status).toBe(400);
    const declined = answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/decline', { ...ref(asked.body.id), body: { reason: 'No place in the province’s programme this month' } }));
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'No place in the province’s programme this month', receivedSubjectId: null });
    // Declined or cancelled, nothing was copied to MGCAS; IOM may ask again.
    const after = await counts();
    expect(after.subjects - before.subjects).toBe(1);
    expect(answer(await c.iomCp!.api.POST('/v1/subjects/{id}/transfers', { ...ref(third.subjectId), body: transferBody(third.consentId) })).status).toBe(201);
  });

  it('is not accepted once the determination it rests on is withdrawn: the check fails and nothing is copied', async () => {
    const fourth = await child('Dulce');
    const asked = answer(await c.iomCp!.api.POST('/v1/subjects/{id}/transfers', { ...ref(fourth.subjectId), body: transferBody(fourth.consentId) }));
    expect(asked.status).toBe(201);
    const withdrawn = answer(await c.iomCp!.api.POST('/v1/consents/{id}/withdraw', { ...ref(fourth.consentId), body: { requestedBy: 'caseworker', method: 'written', reason: 'Determination reviewed' } }));
    expect(withdrawn.status).toBe(200);
    const before = await counts();
    const accepted = answer(await c.mgcasFocal!.api.POST('/v1/transfers/{id}/accept', { ...ref(asked.body.id), body: { assigneeId: ids.mgcasCaseworker! } }));
    expect(accepted.status).toBe(422);
    expect(accepted.body.rule).toBe('transfer.check_failed');
    expect(accepted.body.errors.map((e: { check: string }) => e.check)).toEqual(['consent_withdrawn']);
    // The consent is the transfer's, not the request's (accept sends no consentId): the error names the transfer in the path.
    expect(accepted.body.errors[0]).toMatchObject({ in: 'path', field: 'id', pointer: '/path/id' });
    expect(await counts()).toEqual(before);
    expect(answer(await c.mgcasFocal!.api.GET('/v1/transfers/{id}', ref(asked.body.id))).body.status).toBe('pending');
  });
});
