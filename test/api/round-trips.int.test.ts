import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs, createTestHub, type TestHub } from '../support/hub';

/**
 * What a request costs the database, in round trips (a statement, or a statement list sent as one),
 * as the hub tells it in `Server-Timing` when asked, counting the opening (with the account check)
 * and the commit: a referred read in 2 (its facts as it opens; the subject's row with the commit
 * that logs the read), a send in 3 (its facts; the referral written; its transition, events and
 * access event with the commit). A change that adds a trip fails.
 */
const BOUND = { tokenCheckedRead: 1, referredRead: 2, send: 3, inboxPage: 3, logSearch: 3 };

describe('round trips to the database', () => {
  let hub: TestHub;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = actingAs(() => hub, t);
  const tripsOf = (headers: Headers) => {
    const timing = headers.get('server-timing') ?? '';
    const match = /db;dur=[\d.]+;desc="(\d+) round trips, (\d+) statements"/.exec(timing);
    expect(match, timing).not.toBeNull();
    return Number(match![1]);
  };

  beforeAll(async () => {
    hub = await createTestHub({ serverTiming: true });
    for (const [name, agency, user] of [
      ['iom', 'iom', 'caseworker'],
      ['csFocal', 'caminho-seguro', 'focal-point'],
      ['csCaseworker', 'caminho-seguro', 'caseworker'],
      ['iomPrivacy', 'iom', 'privacy'],
    ] as const) {
      t[name] = await hub.tokenFor(agency, user);
      ids[name] = (await as(name, 'GET', '/v1/me')).body.id;
    }
  });
  afterAll(() => hub?.close());

  it('a referred read and a send stay within their counts, and the count is of this request alone', async () => {
    const subject = await as('iom', 'POST', '/v1/subjects', { identity: { givenName: 'Trip', familyName: 'Count', estimatedAge: 30, sex: 'female', languages: ['pt'] } });
    const consent = await as('iom', 'POST', `/v1/subjects/${subject.body.id}/consents`, {
      grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'],
      categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 30 * 86400_000).toISOString(),
    });
    // With an Idempotency-Key, as integrations send: the key is taken and its stored answer read as the unit opens.
    const referral = { to: 'caminho-seguro', subjectId: subject.body.id, consentId: consent.body.consent.id, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] };
    const sent = await as('iom', 'POST', '/v1/referrals', referral, { 'idempotency-key': `trips-${subject.body.id}` });
    expect(sent.status).toBe(201);
    const sendTrips = tripsOf(sent.headers);
    const replayed = await as('iom', 'POST', '/v1/referrals', referral, { 'idempotency-key': `trips-${subject.body.id}` });
    expect(replayed.body.id).toBe(sent.body.id);
    expect(tripsOf(replayed.headers), 'a replayed send').toBeLessThanOrEqual(2);
    const id = sent.body.id;
    expect((await as('csFocal', 'POST', `/v1/referrals/${id}/accept`, {})).status).toBe(200);
    const current = await as('csFocal', 'GET', `/v1/referrals/${id}`);
    expect((await as('csFocal', 'POST', `/v1/referrals/${id}/assign`, { assigneeId: ids.csCaseworker }, { 'if-match': current.headers.get('etag')! })).status).toBe(200);
    const read = await as('csCaseworker', 'GET', `/v1/referrals/${id}/subject`);
    expect(read.status).toBe(200);
    const readTrips = tripsOf(read.headers);
    const me = await as('csCaseworker', 'GET', '/v1/me');
    const meTrips = tripsOf(me.headers);
    // The same read again costs the same: nothing of an earlier request is counted in a later one.
    expect(tripsOf((await as('csCaseworker', 'GET', `/v1/referrals/${id}/subject`)).headers)).toBe(readTrips);
    expect(readTrips, 'a referred read').toBeLessThanOrEqual(BOUND.referredRead);
    expect(sendTrips, 'a send').toBeLessThanOrEqual(BOUND.send);
    expect(meTrips, 'a token-checked read of one record').toBeLessThanOrEqual(BOUND.tokenCheckedRead);
    expect(meTrips).toBeGreaterThan(0);
  });

  it('an inbox page and a log search stay within theirs, however many referrals or events they hold', async () => {
    const inbox = await as('csCaseworker', 'GET', '/v1/referrals?box=inbox&limit=50');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.length).toBeGreaterThan(0);
    expect(tripsOf(inbox.headers), 'an inbox page').toBeLessThanOrEqual(BOUND.inboxPage);
    const search = await as('iomPrivacy', 'GET', '/v1/access-events?limit=100');
    expect(search.status).toBe(200);
    expect(search.body.items.length).toBeGreaterThan(1);
    expect(tripsOf(search.headers), 'a log search').toBeLessThanOrEqual(BOUND.logSearch);
  });
});
