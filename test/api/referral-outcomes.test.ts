import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLINE_REASON_CODES, OUTCOME_CODES } from '@ponte/contracts';
import { unwrap, type PonteClient } from '@ponte/client';
import { BOTH_ENGINES } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/*
 * Structured outcomes (issue 21, item 2) through the typed SDK, on both engines: completion and
 * decline carry a code from a closed list beside their free text; a code not in the list, the
 * shape without a code, and "another reason" without words are refused with a problem naming the
 * field and the check, and change nothing; the events carry the code and never the text.
 */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any });
const ref = (id: string) => ({ params: { path: { id } } });

describe.each(BOTH_ENGINES)('referral outcomes on %s', (_engine, makeDatabase) => {
  let hub: TestHub;
  const c: Record<string, PonteClient> = {};
  const ids: Record<string, string> = {};

  async function sent(givenName: string) {
    const subject = unwrap(
      await c.iom!.api.POST('/v1/subjects', {
        body: { identity: { givenName, familyName: 'Cossa', dateOfBirth: '1994-03-09', sex: 'female', languages: ['ts'] }, contact: { phone: '+258845550777', safeToContact: true } },
      }),
    );
    const consent = unwrap(
      await c.iom!.api.POST('/v1/subjects/{id}/consents', {
        ...ref(subject.id),
        body: { grantedBy: 'subject', method: 'written', language: 'ts', interpreterUsed: true, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity', 'contact'], legalBasis: 'consent', validUntil: new Date(Date.now() + 90 * 86400_000).toISOString() },
      }),
    );
    return unwrap(await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId: subject.id, consentId: consent.consent.id, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity', 'contact'] } })).id;
  }

  async function accepted(givenName: string) {
    const id = await sent(givenName);
    unwrap(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { ...ref(id), body: { assigneeId: ids.csCaseworker! } }));
    return id;
  }

  const current = async (id: string) => unwrap(await c.iom!.api.GET('/v1/referrals/{id}', ref(id)));

  /** Every event both agencies got about a referral, oldest first. */
  async function eventsOf(client: PonteClient, referralId: string) {
    const page = unwrap(await client.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
    return page.items.filter((e) => e.referralId === referralId);
  }

  /** A refusal: 400, a problem naming the field and the check, and the referral as it was. */
  async function refused(id: string, result: Promise<{ data?: unknown; error?: unknown; response: Response }>, field: string, check: string) {
    const before = await current(id);
    const res = answer(await result);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, check }));
    expect(await current(id)).toEqual(before);
  }

  beforeAll(async () => {
    hub = await createTestHub({ database: await makeDatabase(), rateLimitPerMinute: 1_000_000 });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['csFocal', 'caminho-seguro', 'focal-point'],
      ['csCaseworker', 'caminho-seguro', 'caseworker'],
    ] as const) {
      c[name] = hub.client(agency, user);
      ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  it.each([
    ['service_provided', 'Grant disbursed; follow-up in 3 months'],
    ['partly_provided', undefined],
    ['not_provided_person_unreachable', undefined],
    ['not_provided_other', 'The market stall was lost in the flood'],
  ] as const)('completes with %s, keeps the text where the outcome is, and tells both agencies the code only', async (outcomeCode, outcome) => {
    const id = await accepted(`Outcome ${outcomeCode}`);
    const done = answer(await c.csCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(id), body: { outcomeCode, ...(outcome ? { outcome } : {}) } }));
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', outcomeCode, outcome: outcome ?? null, reasonCode: null });
    expect(await current(id)).toMatchObject({ status: 'completed', outcomeCode, outcome: outcome ?? null });
    for (const client of [c.iom!, c.csFocal!]) {
      const completed = (await eventsOf(client, id)).filter((e) => e.type === 'referral.completed');
      expect(completed).toHaveLength(1);
      expect(completed[0]!.data).toMatchObject({ referralId: id, status: 'completed', outcomeCode });
      if (outcome) expect(JSON.stringify(completed[0]!.data)).not.toContain(outcome);
    }
  });

  it('declines with a code and words; the sender reads both, the events carry the code only', async () => {
    const id = await sent('Declined Once');
    const declined = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/decline', { ...ref(id), body: { reasonCode: 'no_capacity', reason: 'No place before March' } }));
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', reasonCode: 'no_capacity', reason: 'No place before March', outcomeCode: null });
    expect(await current(id)).toMatchObject({ status: 'declined', reasonCode: 'no_capacity', reason: 'No place before March' });
    const events = (await eventsOf(c.iom!, id)).filter((e) => e.type === 'referral.declined');
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reasonCode: 'no_capacity' });
    expect(JSON.stringify(events[0]!.data)).not.toContain('March');

    const alone = await sent('Declined Twice');
    expect(answer(await c.csFocal!.api.POST('/v1/referrals/{id}/decline', { ...ref(alone), body: { reasonCode: 'outside_mandate' } })).body).toMatchObject({ status: 'declined', reasonCode: 'outside_mandate', reason: null });
  });

  it('refuses a code not in the list, the shape without a code, and “another reason” without words: 400 naming the field and the check, nothing changed', async () => {
    const toDecline = await sent('Refused Decline');
    await refused(toDecline, c.csFocal!.api.POST('/v1/referrals/{id}/decline', { ...ref(toDecline), body: { reasonCode: 'too_busy' as never, reason: 'x' } }), 'reasonCode', 'invalid_value');
    await refused(toDecline, c.csFocal!.api.POST('/v1/referrals/{id}/decline', { ...ref(toDecline), body: { reason: 'No beds' } as never }), 'reasonCode', 'invalid_value');
    await refused(toDecline, c.csFocal!.api.POST('/v1/referrals/{id}/decline', { ...ref(toDecline), body: { reasonCode: 'other' } }), 'reason', 'required');
    await refused(toDecline, c.csFocal!.api.POST('/v1/referrals/{id}/decline', { ...ref(toDecline), body: { reasonCode: 'other', reason: '   ' } }), 'reason', 'too_small');
    expect(await current(toDecline)).toMatchObject({ status: 'sent', reasonCode: null, reason: null });

    const toComplete = await accepted('Refused Completion');
    await refused(toComplete, c.csCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(toComplete), body: { outcomeCode: 'done' as never } }), 'outcomeCode', 'invalid_value');
    await refused(toComplete, c.csCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(toComplete), body: { outcome: 'Placed in a shelter' } as never }), 'outcomeCode', 'invalid_value');
    await refused(toComplete, c.csCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(toComplete), body: { outcomeCode: 'not_provided_other' } }), 'outcome', 'required');
    // A code of the other list is not one of this list.
    await refused(toComplete, c.csCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(toComplete), body: { outcomeCode: 'no_capacity' as never } }), 'outcomeCode', 'invalid_value');
    expect(await current(toComplete)).toMatchObject({ status: 'accepted', outcomeCode: null, outcome: null });
    expect((await eventsOf(c.iom!, toComplete)).map((e) => e.type)).toEqual(['referral.sent', 'referral.accepted']);
  });

  it('names the check in Portuguese for a Portuguese reader', async () => {
    const id = await accepted('Leitora Portuguesa');
    const res = answer(await c.csCaseworker!.api.POST('/v1/referrals/{id}/complete', { ...ref(id), body: { outcomeCode: 'not_provided_other' }, headers: { 'accept-language': 'pt' } }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'outcome', check: 'required', message: 'obrigatório quando `outcomeCode` é `not_provided_other`' }));
  });

  it('the database holds the same closed lists: every code of the contracts is stored, anything else refused', async () => {
    const id = await sent('Database Lists');
    const db = hub.database.db;
    const set = (column: 'outcome_code' | 'reason_code', code: string) => sql`update referrals set ${sql.ref(column)} = ${code} where id = ${id}`.execute(db);
    for (const code of OUTCOME_CODES) await set('outcome_code', code);
    for (const code of DECLINE_REASON_CODES) await set('reason_code', code);
    await expect(set('outcome_code', 'done')).rejects.toThrow(/check constraint/);
    await expect(set('reason_code', 'service_provided')).rejects.toThrow(/check constraint/);
  });
});
