import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PonteClient } from '@ponte/client';
import { isPolicyViolation, withTenant } from '@ponte/db';
import { agencyIdOf, BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Corrections carried downstream (issue 22, item 2) through the typed SDK, on both engines: MGCAS
 * refers a child to UNICEF (identity, contact, protection), UNICEF refers her on to Casa Esperança
 * (identity only). When MGCAS corrects a category, every agency that received it on an open
 * referral gets one `subject.rectified` event (ids and category names, no values), and the
 * referral's history shows the correction on both sides; a category not shared, a closed
 * referral and another agency's referral are left alone.
 */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();
const ANY = { headers: { 'if-match': '*' } };

describe.each(BOTH_ENGINES)('corrections carried downstream on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};

  async function rectifiedEvents(client: PonteClient, referralId?: string) {
    const page = unwrap(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
    return page.items.filter((e) => e.type === 'subject.rectified' && (referralId === undefined || e.referralId === referralId));
  }
  const rectifiedSteps = async (client: PonteClient, referralId: string) =>
    unwrap(await client.api.GET('/v1/referrals/{id}', ref(referralId))).transitions.filter((t) => t.step === 'rectified');

  /** MGCAS registers a child with her guardian's consent (naming UNICEF and Casa Esperança) and refers her to UNICEF, which accepts. */
  async function referredToUnicef(givenName: string, service: 'psychosocial_support' | 'family_tracing' = 'psychosocial_support') {
    const subject = unwrap(
      await c.mgcas!.api.POST('/v1/subjects', {
        body: {
          identity: { givenName, familyName: 'Mabunda', dateOfBirth: '2014-05-02', sex: 'female', languages: ['pt'] },
          contact: { phone: '+258845550123', safeToContact: true },
          location: { current: { country: 'MOZ', province: 'MZ-MPM' } },
        },
      }),
    );
    const consent = unwrap(
      await c.mgcas!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: {
          grantedBy: 'guardian',
          guardian: { name: 'Rosa Mabunda', relationship: 'aunt' },
          childAssent: 'given',
          method: 'written',
          language: 'pt',
          interpreterUsed: false,
          purposes: ['psychosocial_support', 'family_tracing_reunification'],
          categories: ['identity', 'contact', 'location', 'protection'],
          legalBasis: 'consent',
          recipients: ['unicef', 'casa-esperanca'],
          validUntil: inDays(90),
        },
      }),
    );
    const sent = unwrap(
      await c.mgcas!.api.POST('/v1/referrals', {
        body: {
          to: 'unicef',
          subjectId: subject.id,
          consentId: consent.consent.id,
          service,
          purpose: service === 'family_tracing' ? 'family_tracing_reunification' : 'psychosocial_support',
          urgency: 'routine',
          categories: ['identity', 'contact', 'protection'],
        },
      }),
    );
    expect(answer(await c.unicefFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(sent.id), body: { assigneeId: ids.unicef! } })).status).toBe(200);
    return { subjectId: subject.id, referralId: sent.id };
  }

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, agency, user] of [
      ['mgcas', 'mgcas', 'caseworker'],
      ['unicef', 'unicef', 'caseworker'],
      ['unicefFocal', 'unicef', 'focal-point'],
      ['casa', 'casa-esperanca', 'caseworker'],
      ['casaFocal', 'casa-esperanca', 'focal-point'],
      ['iom', 'iom', 'caseworker'],
    ] as const) {
      c[name] = hub.client(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  let child: Awaited<ReturnType<typeof referredToUnicef>>;
  let onwardId: string;
  let iomReferralId: string;

  it('tells the receiving agency of a corrected shared category, with ids and category names only, and shows it in the history on both sides', async () => {
    child = await referredToUnicef('Teresa');
    const onward = answer(
      await c.unicef!.api.POST('/v1/referrals/{id}/onward', {
        ...ref(child.referralId),
        body: { to: 'casa-esperanca', service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity'] },
      }),
    );
    expect(onward.status).toBe(201);
    onwardId = onward.body.id;
    expect(answer(await c.casaFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(onwardId), body: { assigneeId: ids.casa! } })).status).toBe(200);

    // Another agency's referral to Casa Esperança, which MGCAS's correction must not touch.
    const iomSubject = unwrap(
      await c.iom!.api.POST('/v1/subjects', { body: { identity: { givenName: 'Joaquim', familyName: 'Sitoe', dateOfBirth: '1990-01-01', sex: 'male', languages: ['pt'] }, contact: { phone: '+258840000009', safeToContact: true } } }),
    );
    const iomConsent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(iomSubject.id),
        body: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['psychosocial_support'], categories: ['identity', 'contact'], legalBasis: 'consent', recipients: ['casa-esperanca'], validUntil: inDays(90) },
      }),
    );
    iomReferralId = unwrap(
      await c.iom!.api.POST('/v1/referrals', {
        body: { to: 'casa-esperanca', subjectId: iomSubject.id, consentId: iomConsent.consent.id, service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity', 'contact'] },
      }),
    ).id;
    expect(answer(await c.casaFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(iomReferralId), body: { assigneeId: ids.casa! } })).status).toBe(200);

    // MGCAS corrects the child's contact details: UNICEF received contact, Casa Esperança did not.
    const before = Date.now();
    const corrected = answer(await c.mgcas!.api.PATCH('/v1/subjects/{id}', { ...ref(child.subjectId), ...ANY, body: { contact: { phone: '+258845550999', safeToContact: true } } }));
    expect(corrected.status).toBe(200);

    const [event, ...more] = await rectifiedEvents(c.unicef!, child.referralId);
    expect(more).toEqual([]);
    expect(Object.keys(event!.data).sort()).toEqual(['categories', 'rectifiedAt', 'referralId']);
    expect(event!.data).toMatchObject({ referralId: child.referralId, categories: ['contact'] });
    expect(Date.parse(event!.data.rectifiedAt as string)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(event)).not.toMatch(/Teresa|Mabunda|845550/);
    // Only the agencies that received the category: the sender has no such event, Casa none for either referral.
    expect(await rectifiedEvents(c.mgcas!)).toEqual([]);
    expect(await rectifiedEvents(c.casa!)).toEqual([]);

    // The history of the referral, on both sides, names the categories and the time, never the values.
    for (const client of [c.mgcas!, c.unicef!]) {
      const steps = await rectifiedSteps(client, child.referralId);
      expect(steps).toEqual([{ step: 'rectified', from: 'accepted', to: 'accepted', actorAgency: 'mgcas', at: event!.data.rectifiedAt, reason: null, categories: ['contact'] }]);
    }
    expect(await rectifiedSteps(c.casa!, onwardId)).toEqual([]);

    // The receiver re-reads through the policy and finds the corrected value.
    const reread = answer(await c.unicef!.api.GET('/v1/referrals/{id}/subject', ref(child.referralId)));
    expect(reread.body.data.contact.phone).toBe('+258845550999');
  });

  it('reaches down the chain: a corrected identity goes to UNICEF and to Casa Esperança, each for its own referral', async () => {
    const corrected = answer(
      await c.mgcas!.api.PATCH('/v1/subjects/{id}', { ...ref(child.subjectId), ...ANY, body: { identity: { givenName: 'Teresa', familyName: 'Mabunda', dateOfBirth: '2014-06-02', sex: 'female', languages: ['pt'] } } }),
    );
    expect(corrected.status).toBe(200);
    const unicef = await rectifiedEvents(c.unicef!, child.referralId);
    expect(unicef.map((e) => e.data.categories)).toEqual([['contact'], ['identity']]);
    const casa = await rectifiedEvents(c.casa!);
    expect(casa).toHaveLength(1);
    expect(casa[0]!).toMatchObject({ referralId: onwardId, data: { referralId: onwardId, categories: ['identity'] } });
    expect(Object.keys(casa[0]!.data).sort()).toEqual(['categories', 'rectifiedAt', 'referralId']);
    // Casa's view of its referral shows it; UNICEF, which referred her on, sees it on the onward referral too.
    expect((await rectifiedSteps(c.casa!, onwardId)).map((s) => s.categories)).toEqual([['identity']]);
    expect((await rectifiedSteps(c.unicef!, onwardId)).map((s) => s.categories)).toEqual([['identity']]);
    // IOM's referral to Casa is not touched.
    expect(await rectifiedEvents(c.casa!, iomReferralId)).toEqual([]);
    expect(await rectifiedSteps(c.iom!, iomReferralId)).toEqual([]);
    expect(await rectifiedSteps(c.casa!, iomReferralId)).toEqual([]);
  });

  it('tells no one of a category no open referral shared', async () => {
    const before = (await rectifiedEvents(c.unicef!)).length + (await rectifiedEvents(c.casa!)).length;
    expect(answer(await c.mgcas!.api.PATCH('/v1/subjects/{id}', { ...ref(child.subjectId), ...ANY, body: { location: { current: { country: 'MOZ', province: 'MZ-G' } } } })).status).toBe(200);
    expect((await rectifiedEvents(c.unicef!)).length + (await rectifiedEvents(c.casa!)).length).toBe(before);
    expect(await rectifiedSteps(c.mgcas!, child.referralId)).toHaveLength(2);
  });

  it('keeps the history of corrections to the referral’s parties, and lets only the subject’s owner write one (row-level security)', async () => {
    const db = hub.database.db;
    const [mgcas, unicef, casa, iom] = (await Promise.all(['mgcas', 'unicef', 'casa-esperanca', 'iom'].map((slug) => agencyIdOf(db, slug)))) as [string, string, string, string];
    const seen = (agency: string) => withTenant(db, agency, (tx) => tx.selectFrom('referral_rectifications').select(['referral_id', 'categories']).execute());
    expect((await seen(mgcas)).length).toBe(3);
    expect((await seen(unicef)).map((r) => r.referral_id).sort()).toEqual([child.referralId, child.referralId, onwardId].sort());
    expect((await seen(casa)).map((r) => r.referral_id)).toEqual([onwardId]);
    expect(await seen(iom)).toEqual([]);
    // The receiver may not write a correction into the history, nor may the agency that referred her on.
    for (const [agency, referral, sender] of [
      [unicef, child.referralId, mgcas],
      [unicef, onwardId, unicef],
      [iom, iomReferralId, iom],
    ] as const) {
      const planted = withTenant(db, agency, (tx) =>
        tx
          .insertInto('referral_rectifications')
          .values({ agency_id: sender, referral_id: referral, recipient_agency_id: agency === unicef && referral === child.referralId ? unicef : casa, owning_agency_id: agency, status: 'accepted', categories: ['identity'], rectified_by: ids.unicef!, rectified_at: new Date() })
          .execute(),
      );
      const error = await planted.then(() => undefined, (e: unknown) => e);
      if (agency === iom) expect(error).toBeUndefined();
      else expect(isPolicyViolation(error)).toBe(true);
    }
  });

  it('tells no one once the referral is closed', async () => {
    const closed = await referredToUnicef('Luisa', 'family_tracing');
    expect(answer(await c.unicef!.api.POST('/v1/referrals/{id}/complete', { ...ref(closed.referralId), body: { outcomeCode: 'service_provided' } })).status).toBe(200);
    expect(answer(await c.mgcas!.api.PATCH('/v1/subjects/{id}', { ...ref(closed.subjectId), ...ANY, body: { contact: { phone: '+258845550777', safeToContact: true } } })).status).toBe(200);
    expect(await rectifiedEvents(c.unicef!, closed.referralId)).toEqual([]);
    expect(await rectifiedSteps(c.mgcas!, closed.referralId)).toEqual([]);
  });
  let luisa: { subjectId: string; referralId: string; identity: Record<string, unknown> };

  it('shows a corrected age or province in the triage the receiving agency sees, on a sent referral and on a draft sent after the correction', async () => {
    const subject = unwrap(
      await c.mgcas!.api.POST('/v1/subjects', {
        body: { identity: { givenName: 'Luisa', familyName: 'Mabunda', dateOfBirth: '2014-05-02', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-MPM' } } },
      }),
    );
    const consent = unwrap(
      await c.mgcas!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: {
          grantedBy: 'guardian',
          guardian: { name: 'Rosa Mabunda', relationship: 'aunt' },
          childAssent: 'given',
          method: 'written',
          language: 'pt',
          interpreterUsed: false,
          purposes: ['psychosocial_support', 'family_tracing_reunification'],
          categories: ['identity', 'location'],
          legalBasis: 'consent',
          recipients: ['unicef', 'casa-esperanca'],
          validUntil: inDays(90),
        },
      }),
    );
    const body = (service: 'psychosocial_support' | 'family_tracing', draft: boolean) => ({
      to: 'unicef' as const,
      subjectId: subject.id,
      consentId: consent.consent.id,
      service,
      purpose: service === 'family_tracing' ? ('family_tracing_reunification' as const) : ('psychosocial_support' as const),
      urgency: 'routine' as const,
      categories: ['identity' as const],
      draft,
    });
    const sent = unwrap(await c.mgcas!.api.POST('/v1/referrals', { body: body('psychosocial_support', false) }));
    const draft = unwrap(await c.mgcas!.api.POST('/v1/referrals', { body: body('family_tracing', true) }));
    const triage = async (referralId: string) => answer(await c.unicefFocal!.api.GET('/v1/referrals/{id}', ref(referralId))).body.triage;
    expect(await triage(sent.id)).toMatchObject({ ageBand: '12-17', province: 'MZ-MPM' });
    // UNICEF takes her on and refers her on to Casa Esperança, whose intake sees the triage it was sent.
    expect(answer(await c.unicefFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(sent.id), body: { assigneeId: ids.unicef! } })).status).toBe(200);
    const onward = answer(
      await c.unicef!.api.POST('/v1/referrals/{id}/onward', {
        ...ref(sent.id),
        body: { to: 'casa-esperanca', service: 'psychosocial_support', purpose: 'psychosocial_support', urgency: 'routine', categories: ['identity'] },
      }),
    );
    expect(onward.status).toBe(201);
    const onwardTriage = async () => answer(await c.casaFocal!.api.GET('/v1/referrals/{id}', ref(onward.body.id))).body.triage;
    expect(await onwardTriage()).toMatchObject({ ageBand: '12-17', province: 'MZ-MPM' });

    // Her birth date was recorded wrong (she is an adult), and she moved to Nampula: UNICEF's intake must not triage her as a child in Maputo.
    const corrected = answer(
      await c.mgcas!.api.PATCH('/v1/subjects/{id}', {
        ...ref(subject.id),
        ...ANY,
        body: { identity: { givenName: 'Luisa', familyName: 'Mabunda', dateOfBirth: '1990-05-02', sex: 'female', languages: ['pt'] }, location: { current: { country: 'MOZ', province: 'MZ-N' } } },
      }),
    );
    expect(corrected.status).toBe(200);
    expect(await triage(sent.id)).toMatchObject({ ageBand: '25-59', province: 'MZ-N' });
    expect(await onwardTriage()).toMatchObject({ ageBand: '25-59', province: 'MZ-N' });
    // Only the subject's owner sets the triage down its chains: UNICEF, which referred her on, may not (the database refuses it silently).
    const unicefId = await agencyIdOf(hub.database.db, 'unicef');
    await withTenant(hub.database.db, unicefId!, (tx) => sql`select refresh_onward_triage(${subject.id}::uuid, '{"ageBand":"0-4"}'::jsonb, array['sent','accepted','in_progress'])`.execute(tx));
    expect(await onwardTriage()).toMatchObject({ ageBand: '25-59', province: 'MZ-N' });
    expect(answer(await c.mgcas!.api.POST('/v1/referrals/{id}/send', ref(draft.id))).status).toBe(200);
    expect(await triage(draft.id)).toMatchObject({ ageBand: '25-59', province: 'MZ-N' });
    luisa = { subjectId: subject.id, referralId: sent.id, identity: { givenName: 'Luisa', familyName: 'Mabunda', dateOfBirth: '1990-05-02', sex: 'female', languages: ['pt'] } };
  });

  it('tells no one of a category sent again as it was: nothing was corrected', async () => {
    const events = (await rectifiedEvents(c.unicef!, luisa.referralId)).length;
    const steps = (await rectifiedSteps(c.mgcas!, luisa.referralId)).length;
    // The same identity, its fields in another order: the same data.
    const same = Object.fromEntries(Object.entries(luisa.identity).reverse());
    expect(answer(await c.mgcas!.api.PATCH('/v1/subjects/{id}', { ...ref(luisa.subjectId), ...ANY, body: { identity: same as never } })).status).toBe(200);
    expect(await rectifiedEvents(c.unicef!, luisa.referralId)).toHaveLength(events);
    expect(await rectifiedSteps(c.mgcas!, luisa.referralId)).toHaveLength(steps);
  });
});
