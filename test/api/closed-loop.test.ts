import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type PonteClient } from '@ponte/client';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Issue 21's whole loop through the typed SDK, on both engines, as the agencies' systems and
 * people would live it: IOM sends an unaccompanied child's referral to MGCAS; MGCAS asks a question
 * on the referral's conversation and IOM answers; MGCAS accepts and completes with an outcome code.
 */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });

describe.each(BOTH_ENGINES)('the closed loop on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};
  const loop: { subjectId?: string; consentId?: string; referralId?: string } = {};

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['iomFocal', 'iom', 'focal-point'],
      ['iomPrivacy', 'iom', 'privacy'],
      ['mgcasFocal', 'mgcas', 'focal-point'],
      ['mgcasCaseworker', 'mgcas', 'caseworker'],
      ['mgcasPrivacy', 'mgcas', 'privacy'],
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
});
