import { deliverDueWebhooks, startDeliveryLoop } from '@ponte/core';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap, type components, type PonteClient } from '@ponte/client';
import { createTestHub, type TestHub } from '../support/hub';
import { WebhookReceiver } from '../support/webhook-receiver';

/*
 * Referrals end to end, through the typed SDK (@ponte/client) as an agency's system calls the API:
 * a change to the API that breaks its callers breaks the type-check of this file.
 */
type Schemas = components['schemas'];
let hub: TestHub;
let receiver: WebhookReceiver;
const c: Record<string, PonteClient> = {};
const ids: Record<string, string> = {};

/** A call's answer as the assertions read it: the status, the body (data, or the problem) and the headers. */
const answer = (result: { data?: unknown; error?: unknown; response: Response }) => ({ status: result.response.status, body: (result.data ?? result.error) as any, headers: result.response.headers });
/** The referral `id` as a path parameter. */
const ref = (id: string) => ({ params: { path: { id } } });

/** A delivery round of the worker, with a backoff short enough for a test. */
const deliver = () => deliverDueWebhooks({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), allowPrivateTargets: true, backoffBaseMs: 10, maxAttempts: 12 });
async function deliverUntilQuiet() {
  for (let round = 0; round < 60; round++) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where status = 'pending'`.execute(hub.database.db);
    await deliver();
    if (rows[0]!.n === 0) {
      const after = await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where status = 'pending'`.execute(hub.database.db);
      if (after.rows[0]!.n === 0) return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const returnee: Schemas['RegisterSubject'] = {
  identity: { givenName: 'Jacinto', familyName: 'Mabunda', dateOfBirth: '1991-08-02', sex: 'male', nationality: 'MOZ', languages: ['ts', 'pt'] },
  contact: { phone: '+258845550123', safeToContact: true },
  location: { current: { country: 'MOZ', province: 'MZ-G', district: 'Xai-Xai' }, placeOfOrigin: { country: 'MOZ', province: 'MZ-G' } },
  health: { medicalNeeds: ['physiotherapy after work injury'], urgentCare: false },
  legal: { legalStatus: 'national', documents: [] },
};
const consentFor = (recipients: string[], extra: Partial<Schemas['RecordConsent']> = {}): Schemas['RecordConsent'] => ({
  grantedBy: 'subject',
  method: 'written',
  language: 'ts',
  interpreterUsed: true,
  purposes: ['return_reintegration'],
  recipients,
  categories: ['identity', 'contact', 'location', 'health'],
  legalBasis: 'consent',
  validUntil: new Date(Date.now() + 180 * 86400_000).toISOString(),
  ...extra,
});

async function referredReturnee(recipient = 'caminho-seguro') {
  const subject = unwrap(await c.iom!.api.POST('/v1/subjects', { body: returnee }));
  const consent = unwrap(await c.iom!.api.POST('/v1/subjects/{id}/consents', { ...ref(subject.id), body: consentFor([recipient]) }));
  return { subjectId: subject.id, consentId: consent.consent.id };
}

beforeAll(async () => {
  hub = await createTestHub({ allowPrivateWebhookTargets: true });
  for (const [name, agency, user] of [
    ['iom', 'iom', 'caseworker'],
    ['iomPrivacy', 'iom', 'privacy'],
    ['csFocal', 'caminho-seguro', 'focal-point'],
    ['csSupervisor', 'caminho-seguro', 'supervisor'],
    ['csCaseworker', 'caminho-seguro', 'caseworker'],
    ['csCaseworker2', 'caminho-seguro', 'caseworker2'],
    ['csAdmin', 'caminho-seguro', 'admin'],
    ['csPrivacy', 'caminho-seguro', 'privacy'],
    ['mgcasCp', 'mgcas', 'child-protection'],
    ['unicefFocal', 'unicef', 'focal-point'],
    ['unicefCaseworker', 'unicef', 'caseworker'],
    ['unhcr', 'unhcr', 'caseworker'],
  ] as const) {
    c[name] = hub.client(agency, user);
    ids[name] = unwrap(await c[name]!.api.GET('/v1/me')).id;
  }
  receiver = new WebhookReceiver(async () => (await hub.call('GET', '/.well-known/jwks.json')).json() as never);
  await receiver.start();
  const endpoint = await c.csAdmin!.api.POST('/v1/webhook-endpoints', { body: { url: receiver.url, description: 'Case system' } });
  expect(endpoint.response.status).toBe(201);
  expect((await c.csCaseworker!.api.POST('/v1/webhook-endpoints', { body: { url: 'https://cases.example.org/hook' } })).response.status).toBe(403);
});
afterAll(async () => {
  await receiver?.stop();
  await hub?.close();
});

describe('a returnee referred from IOM to a reintegration partner, end to end', () => {
  let referralId: string;
  let subjectId: string;

  it('finds a partner, sends once even when the send is retried', async () => {
    const referred = await referredReturnee();
    subjectId = referred.subjectId;
    const partners = answer(await c.iom!.api.GET('/v1/directory', { params: { query: { service: 'reintegration_economic', province: 'MZ-G' } } }));
    expect(partners.body.items.map((a: { slug: string }) => a.slug)).toContain('caminho-seguro');

    const send: Schemas['SendReferral'] = {
      to: 'caminho-seguro',
      subjectId,
      consentId: referred.consentId,
      service: 'reintegration_economic',
      purpose: 'return_reintegration',
      urgency: 'priority',
      categories: ['identity', 'contact', 'location', 'health'],
      note: 'Returned from Gauteng; interested in a small-business grant.',
    };
    const first = answer(await c.iom!.api.POST('/v1/referrals', { body: send, headers: { 'idempotency-key': 'send-jacinto-1' } }));
    expect(first.status).toBe(201);
    const retry = answer(await c.iom!.api.POST('/v1/referrals', { body: send, headers: { 'idempotency-key': 'send-jacinto-1' } }));
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    referralId = first.body.id;
    // Shared: the sender's choice, cut to the consent and the agreement (which has no health).
    expect(first.body).toMatchObject({ status: 'sent', view: 'sender', sharedCategories: ['identity', 'contact', 'location'] });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from referrals where subject_id = ${subjectId}`.execute(hub.database.db);
    expect(rows[0]!.n).toBe(1);
    const reused = answer(await c.iom!.api.POST('/v1/referrals', { body: { ...send, urgency: 'routine' }, headers: { 'idempotency-key': 'send-jacinto-1' } }));
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', errors: [{ in: 'header', field: 'idempotency-key', check: 'same_request' }] });
  });

  it("shows the partner's focal point the triage view only, with the sender's note for the one deciding", async () => {
    const triage = answer(await c.csFocal!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }));
    expect(triage.status).toBe(200);
    expect(triage.body).toMatchObject({
      view: 'triage',
      subjectId: null,
      consentId: null,
      note: 'Returned from Gauteng; interested in a small-business grant.',
      triage: { ageBand: '25-59', sex: 'male', province: 'MZ-G', languages: ['ts', 'pt'] },
    });
    expect(JSON.stringify(triage.body)).not.toContain('Mabunda');
    const subject = answer(await c.csFocal!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: referralId } } }));
    // The focal point may know the referral, so the refusal is forbidden, not not-found.
    expect(subject.status).toBe(403);
    expect(JSON.stringify(subject.body)).not.toContain('Mabunda');
    expect((answer(await c.unhcr!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }))).status).toBe(404);
  });

  it("is accepted by the partner's focal point", async () => {
    const accepted = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: referralId } }, body: {} }));
    expect(accepted.status).toBe(200);
    // The focal point takes it in but does not work the case: the triage view while it is open
    // (enough to choose who takes it), never the subject.
    expect(accepted.body).toMatchObject({ status: 'accepted', view: 'triage', assigneeId: null, subjectId: null, note: expect.stringContaining('Gauteng'), triage: { ageBand: '25-59' } });
    const privacy = answer(await c.csPrivacy!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }));
    expect(privacy.body).toMatchObject({ view: 'triage', subjectId: null });
    const senderPrivacy = answer(await c.iomPrivacy!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }));
    expect(senderPrivacy.body).toMatchObject({ view: 'metadata', subjectId: null, consentId: null, note: null });
  });

  it('lets the focal point list who it may assign (id, name, team, roles), and no one else', async () => {
    const list = answer(await c.csFocal!.api.GET('/v1/assignable-users'));
    expect(list.status).toBe(200);
    const caseworker = list.body.items.find((u: { id: string }) => u.id === ids.csCaseworker);
    expect(caseworker).toEqual({ id: ids.csCaseworker, displayName: expect.any(String), team: expect.any(String), roles: ['caseworker'] });
    expect(list.body.items.every((u: Record<string, unknown>) => Object.keys(u).sort().join() === 'displayName,id,roles,team')).toBe(true);
    expect(list.body.items.some((u: { roles: string[] }) => u.roles.includes('privacy_officer') && !u.roles.includes('caseworker'))).toBe(false);
    expect((answer(await c.csCaseworker!.api.GET('/v1/assignable-users'))).status).toBe(403);
  });

  it('refuses a transition with a stale If-Match, and one the state does not allow', async () => {
    const current = answer(await c.csFocal!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }));
    const etag = current.headers.get('etag')!;
    const stale = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/assign', { params: { path: { id: referralId } }, body: { assigneeId: ids.csCaseworker! }, headers: { 'if-match': '"1"' } }));
    expect(stale.status).toBe(412);
    expect(current.headers.get('etag')).toMatch(/^"\d+"$/);
    expect((answer(await c.csFocal!.api.POST('/v1/referrals/{id}/assign', { params: { path: { id: referralId } }, body: { assigneeId: ids.csCaseworker! }, headers: { 'if-match': `W/${etag}` } }))).status).toBe(412);
    // The SDK sends the ETag it last read (the current one): the state, not the version, refuses.
    const decline = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/decline', { params: { path: { id: referralId } }, body: { reasonCode: 'other', reason: 'changed my mind' } }));
    expect(decline.status).toBe(409);
    // And with no If-Match given, the one it last read, which is still current.
    const assigned = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/assign', { params: { path: { id: referralId } }, body: { assigneeId: ids.csCaseworker! } }));
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'accepted', assigneeId: ids.csCaseworker });
  });

  it('lets the assigned caseworker read exactly the shared categories, and no colleague', async () => {
    const read = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: referralId } } }));
    expect(read.status).toBe(200);
    expect(Object.keys(read.body.data).sort()).toEqual(['contact', 'identity', 'location']);
    expect(read.body.data.identity.familyName).toBe('Mabunda');
    expect(read.body.access.withheld).toContainEqual({ category: 'health', rule: 'referral.category_not_shared' });
    const colleague = answer(await c.csCaseworker2!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }));
    expect(colleague.status).toBe(404);
    const receiverView = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }));
    expect(receiverView.body).toMatchObject({ view: 'receiver', subjectId, note: expect.stringContaining('Gauteng') });
  });

  it('completes with an outcome; then only metadata is left', async () => {
    expect((answer(await c.csCaseworker!.api.POST('/v1/referrals/{id}/start', { params: { path: { id: referralId } } }))).status).toBe(200);
    // Deliberately malformed (no outcome), so sent raw rather than through the typed client.
    const noOutcome = await hub.call('POST', `/v1/referrals/${referralId}/complete`, { token: await c.csCaseworker!.accessToken(), json: {} });
    expect(noOutcome.status).toBe(400);
    const done = answer(await c.csCaseworker!.api.POST('/v1/referrals/{id}/complete', { params: { path: { id: referralId } }, body: { outcomeCode: 'service_provided', outcome: 'Business grant disbursed; follow-up in 3 months' } }));
    expect(done.body).toMatchObject({ status: 'completed', outcomeCode: 'service_provided', view: 'metadata', subjectId: null, triage: null, note: null });
    expect((answer(await c.csFocal!.api.GET('/v1/referrals/{id}', { params: { path: { id: referralId } } }))).body).toMatchObject({ view: 'metadata', note: null, triage: null });
    const after = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: referralId } } }));
    expect(after.status).toBe(403);
    expect(after.body.rule).toBe('referral.not_open');
    expect(done.body.transitions.map((x: { to: string }) => x.to)).toEqual(['sent', 'accepted', 'accepted', 'in_progress', 'completed']);
    // Each step says what it did: the assignment keeps the status, and is not a second acceptance.
    expect(done.body.transitions.map((x: { step: string }) => x.step)).toEqual(['send', 'accept', 'assign', 'start', 'complete']);
  });

  it('produced the events for both parties, and access events IOM can review', async () => {
    const { rows: logged } = await sql<{ action: string; resource: string; decision: string }>`
      select action, resource, decision from access_events where resource_id = ${referralId} order by occurred_at`.execute(hub.database.db);
    const allowed = logged.filter((e) => e.decision === 'allow').map((e) => `${e.resource}.${e.action}`);
    for (const step of ['Referral.send', 'Referral.read', 'Referral.accept', 'Referral.assign', 'ReferredSubject.read', 'Referral.start', 'Referral.complete'])
      expect(allowed).toContain(step);
    const feed = answer(await c.csAdmin!.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
    const types = feed.body.items.filter((e: { referralId: string }) => e.referralId === referralId).map((e: { type: string }) => e.type);
    expect(types).toEqual(['referral.sent', 'referral.accepted', 'referral.assigned', 'referral.started', 'referral.completed']);
    expect(JSON.stringify(feed.body)).not.toContain('Mabunda');
    const iomFeed = answer(await c.iom!.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
    expect(iomFeed.body.items.filter((e: { referralId: string }) => e.referralId === referralId)).toHaveLength(5);

    const log = answer(await c.iomPrivacy!.api.GET('/v1/access-events', { params: { query: { subjectId: subjectId, limit: 500 } } }));
    const partnerReads = log.body.items.filter((e: { resource: string; decision: string }) => e.resource === 'ReferredSubject');
    expect(partnerReads.some((e: { decision: string; fields: string[] }) => e.decision === 'allow' && e.fields.join() === 'identity,contact,location')).toBe(true);
    expect(partnerReads.some((e: { decision: string }) => e.decision === 'deny')).toBe(true);
  });

  it('delivers every event to the partner once, through an outage and a worker restart', async () => {
    receiver.up = false;
    await deliver();
    await deliver();
    expect(receiver.application).toHaveLength(0);
    expect(receiver.attempts).toBeGreaterThan(0);
    receiver.up = true;
    // A first worker runs, delivers part and is stopped; a new one takes over.
    const first = startDeliveryLoop({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), allowPrivateTargets: true, backoffBaseMs: 10, concurrency: 1, batchSize: 1, intervalMs: 20 });
    while (receiver.application.length === 0) await new Promise((r) => setTimeout(r, 10));
    await first.stop();
    expect(receiver.application.length).toBeLessThan(5);
    const second = startDeliveryLoop({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), allowPrivateTargets: true, backoffBaseMs: 10, intervalMs: 20 });
    await deliverUntilQuiet();
    await second.stop();
    // A replay of everything: receivers deduplicate by id, so the application still sees each once.
    const feed = answer(await c.csAdmin!.api.GET('/v1/events', { params: { query: { limit: 500 } } }));
    const eventIds = feed.body.items.map((e: { id: string }) => e.id);
    expect((answer(await c.csAdmin!.api.POST('/v1/webhook-deliveries/replay', { body: { eventIds } }))).body.requeued).toBe(eventIds.length);
    await deliverUntilQuiet();
    expect(receiver.rejectedSignatures).toBe(0);
    expect(receiver.application.map((e) => e.id).sort()).toEqual([...eventIds].sort());
    const delivered = answer(await c.csAdmin!.api.GET('/v1/webhook-deliveries', { params: { query: { limit: 500 } } }));
    expect(delivered.body.items.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
  });
});

describe('two people accepting at once', () => {
  it('yields exactly one acceptance and one 409', async () => {
    const { subjectId, consentId } = await referredReturnee();
    const sent = answer(await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId, consentId, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] } }));
    const [a, b] = await Promise.all([
      c.csFocal!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: sent.body.id } }, body: {} }).then(answer),
      c.csSupervisor!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: sent.body.id } }, body: {} }).then(answer),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from referral_transitions where referral_id = ${sent.body.id} and to_status = 'accepted'`.execute(hub.database.db);
    expect(rows[0]!.n).toBe(1);
    // With If-Match on the same version, the loser learns the precondition failed.
    const second = await referredReturnee();
    const other = answer(await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId: second.subjectId, consentId: second.consentId, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] } }));
    const etag = other.headers.get('etag')!;
    const [first, second2] = await Promise.all([
      c.csFocal!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: other.body.id } }, body: {}, headers: { 'if-match': etag } }).then(answer),
      c.csSupervisor!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: other.body.id } }, body: {}, headers: { 'if-match': etag } }).then(answer),
    ]);
    expect([first.status, second2.status].sort()).toEqual([200, 412]);
  });
});

describe('several workers', () => {
  it('never make the same delivery attempt twice', async () => {
    const { subjectId, consentId } = await referredReturnee();
    const sent = answer(await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId, consentId, service: 'family_tracing', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] } }));
    expect(sent.status).toBe(201);
    receiver.attemptsById.clear();
    const workers = () => deliverDueWebhooks({ db: hub.database.db, tokens: hub.tokens, secrets: hub.secrets, logger: pino({ level: 'silent' }), allowPrivateTargets: true, backoffBaseMs: 10 });
    await Promise.all([workers(), workers(), workers()]);
    await deliverUntilQuiet();
    expect(receiver.attemptsById.size).toBeGreaterThan(0);
    for (const [id, attempts] of receiver.attemptsById) expect({ id, attempts }).toEqual({ id, attempts: 1 });
  });
});

describe('an unaccompanied child: MGCAS refers to UNICEF on a best-interests determination', () => {
  it('sends, and UNICEF reads only what the determination and the agreement allow', async () => {
    const child = answer(await c.mgcasCp!.api.POST('/v1/subjects', { body: {
      identity: { givenName: 'Amélia', familyName: 'Chissano', estimatedAge: 13, sex: 'female', nationality: 'MOZ', languages: ['vmw'] },
      location: { current: { country: 'MOZ', province: 'MZ-P', district: 'Pemba' } },
      family: { members: [{ name: 'Rosa Chissano', relationship: 'mother', tracingStatus: 'requested' }] },
      protection: { traffickingIndicators: [], unaccompaniedMinor: true, separatedChild: true, vulnerabilities: ['survivor_of_violence'] },
      health: { medicalNeeds: ['trauma counselling'], urgentCare: false },
    } }));
    const bid = answer(await c.mgcasCp!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: child.body.id } }, body: {
      grantedBy: 'best_interests_determination',
      bestInterestsDetermination: { reference: 'BID-MGCAS-P-2026-017', decidedOn: '2026-11-25' },
      childAssent: 'given',
      method: 'written',
      language: 'vmw',
      interpreterUsed: true,
      purposes: ['best_interests_procedure', 'family_tracing_reunification'],
      recipients: ['unicef'],
      categories: ['identity', 'location', 'family', 'protection'],
      legalBasis: 'vital_interests',
      validUntil: new Date(Date.now() + 90 * 86400_000).toISOString(),
    } }));
    expect(bid.status).toBe(201);
    const sent = answer(await c.mgcasCp!.api.POST('/v1/referrals', { body: {
      to: 'unicef',
      subjectId: child.body.id,
      consentId: bid.body.consent.id,
      service: 'child_protection_case_management',
      purpose: 'best_interests_procedure',
      urgency: 'emergency',
      categories: ['identity', 'location', 'family', 'protection', 'health'],
    } }));
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ legalBasis: 'vital_interests', sharedCategories: ['identity', 'location', 'family', 'protection'] });
    const triage = answer(await c.unicefFocal!.api.GET('/v1/referrals/{id}', { params: { path: { id: sent.body.id } } }));
    expect(triage.body.triage).toMatchObject({ ageBand: '12-17', province: 'MZ-P' });
    expect((answer(await c.unicefFocal!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: sent.body.id } }, body: { assigneeId: ids.unicefCaseworker! } }))).status).toBe(200);
    const read = answer(await c.unicefCaseworker!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: sent.body.id } } }));
    expect(Object.keys(read.body.data).sort()).toEqual(['family', 'identity', 'location', 'protection']);
  });
});

describe('consent withdrawn mid-referral', () => {
  it('denies the very next read and asks the partner to purge, by webhook', async () => {
    const { subjectId, consentId } = await referredReturnee();
    const sent = answer(await c.iom!.api.POST('/v1/referrals', { body: {
      to: 'caminho-seguro', subjectId, consentId, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity', 'contact'],
    } }));
    expect(sent.status).toBe(201);
    answer(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: sent.body.id } }, body: { assigneeId: ids.csCaseworker! } }));
    expect((answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: sent.body.id } } }))).status).toBe(200);

    const withdrawn = answer(await c.iom!.api.POST('/v1/consents/{id}/withdraw', { params: { path: { id: consentId } }, body: { requestedBy: 'subject', method: 'verbal_with_witness', reason: 'Moved back to South Africa' } }));
    expect(withdrawn.status).toBe(200);
    const read = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: sent.body.id } } }));
    expect(read.status).toBe(403);
    expect(read.body.rule).toBe('referral.consent_inactive');
    expect(JSON.stringify(read.body)).not.toContain('Mabunda');

    await deliverUntilQuiet();
    const purge = receiver.application.find((e) => e.type === 'referral.purge_requested' && e.data.referralId === sent.body.id);
    expect(purge).toBeDefined();
    expect(purge!.data).toMatchObject({ reason: 'consent_withdrawn', categories: ['identity', 'contact'] });
  });
});

describe('what the receiving side sees, and when it stops', () => {
  const send = async (subjectId: string, consentId: string, extra: Partial<Schemas['SendReferral']> = {}) =>
    answer(await c.iom!.api.POST('/v1/referrals', { body: { to: 'caminho-seguro', subjectId, consentId, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity', 'contact'], ...extra } }));

  it('cannot be accepted once the consent is withdrawn, and shows nothing more', async () => {
    const { subjectId, consentId } = await referredReturnee();
    const sent = await send(subjectId, consentId);
    answer(await c.iom!.api.POST('/v1/consents/{id}/withdraw', { params: { path: { id: consentId } }, body: { requestedBy: 'subject', method: 'written', reason: 'changed mind' } }));
    const accept = answer(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: sent.body.id } }, body: { assigneeId: ids.csCaseworker! } }));
    expect(accept.status).toBe(422);
    expect(accept.body.errors).toContainEqual(expect.objectContaining({ check: 'consent_withdrawn' }));
    const view = answer(await c.csFocal!.api.GET('/v1/referrals/{id}', { params: { path: { id: sent.body.id } } }));
    expect(view.body).toMatchObject({ status: 'sent', subjectId: null, note: null });
  });

  it('stops reads when a new version of the consent no longer names the recipient', async () => {
    const { subjectId, consentId } = await referredReturnee();
    const sent = await send(subjectId, consentId);
    answer(await c.csFocal!.api.POST('/v1/referrals/{id}/accept', { params: { path: { id: sent.body.id } }, body: { assigneeId: ids.csCaseworker! } }));
    expect((answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: sent.body.id } } }))).status).toBe(200);
    const narrowed = answer(await c.iom!.api.POST('/v1/subjects/{id}/consents', { params: { path: { id: subjectId } }, body: consentFor(['unhcr'], { supersedes: consentId }) }));
    expect(narrowed.status).toBe(201);
    const read = answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}/subject', { params: { path: { id: sent.body.id } } }));
    expect(read.status).toBe(403);
    expect(read.body.rule).toBe('referral.consent_inactive');
    // Still open: the triage view, no subject, until it closes.
    expect((answer(await c.csCaseworker!.api.GET('/v1/referrals/{id}', { params: { path: { id: sent.body.id } } }))).body).toMatchObject({ view: 'triage', subjectId: null });
  });

  it('keeps a draft from the recipient until it is sent, with every check run again then', async () => {
    const { subjectId, consentId } = await referredReturnee();
    const before = (answer(await c.csAdmin!.api.GET('/v1/events', { params: { query: { limit: 500 } } }))).body.items.length;
    const draft = await send(subjectId, consentId, { draft: true });
    expect(draft.body).toMatchObject({ status: 'draft', view: 'sender' });
    expect((answer(await c.csFocal!.api.GET('/v1/referrals/{id}', { params: { path: { id: draft.body.id } } }))).status).toBe(404);
    expect((answer(await c.csAdmin!.api.GET('/v1/events', { params: { query: { limit: 500 } } }))).body.items.length).toBe(before);
    const sent = answer(await c.iom!.api.POST('/v1/referrals/{id}/send', { params: { path: { id: draft.body.id } } }));
    expect(sent.body).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    expect((answer(await c.csFocal!.api.GET('/v1/referrals/{id}', { params: { path: { id: draft.body.id } } }))).body.view).toBe('triage');
    const feed = (answer(await c.csAdmin!.api.GET('/v1/events', { params: { query: { limit: 500 } } }))).body.items;
    expect(feed.at(-1)).toMatchObject({ type: 'referral.sent', referralId: draft.body.id });
    // Numbers follow each other without gaps, so a poller that resumes after n misses nothing.
    expect(feed.map((e: { seq: number }) => e.seq)).toEqual(feed.map((_: unknown, i: number) => i + 1));
  });
});

describe('sending checks', () => {
  let subjectId: string;
  let consentId: string;
  const base = (): Schemas['SendReferral'] => ({ to: 'caminho-seguro', subjectId, consentId, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'] });
  beforeAll(async () => {
    ({ subjectId, consentId } = await referredReturnee());
  });

  const count = async () =>
    (await sql<{ r: number; e: number }>`select (select count(*)::int from referrals) as r, (select count(*)::int from events) as e`.execute(hub.database.db)).rows[0];

  it.each<[string, Partial<Schemas['SendReferral']>, number, string, string]>([
    ['to itself', { to: 'iom' }, 400, 'to', 'not_self'],
    ['to an unknown agency', { to: 'nobody-here' }, 400, 'to', 'known_agency'],
    ['for a service the recipient does not offer', { service: 'prosecution_support' }, 422, 'service', 'recipient_offers_service'],
    ['without an agreement between the agencies', { to: 'unicef', service: 'family_tracing', purpose: 'family_tracing_reunification' }, 422, 'purpose', 'agreement_in_force'],
    ['to an agency the consent does not name', { to: 'casa-esperanca', service: 'reintegration_social', purpose: 'return_reintegration' }, 422, 'to', 'consent_names_recipient'],
    ['with categories outside consent and agreement', { categories: ['legal', 'family'] }, 422, 'categories', 'shared_categories_empty'],
    ['with an unknown consent', { consentId: '0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90' }, 422, 'consentId', 'known_consent'],
  ])('refuses a referral %s, naming the check, and sends nothing', async (_name, overrides, status, field, check) => {
    const before = await count();
    const res = answer(await c.iom!.api.POST('/v1/referrals', { body: { ...base(), ...overrides } }));
    expect(res.status).toBe(status);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, check }));
    expect(await count()).toEqual(before);
  });

  it('refuses a duplicate open referral with 409', async () => {
    expect((answer(await c.iom!.api.POST('/v1/referrals', { body: base() }))).status).toBe(201);
    const again = answer(await c.iom!.api.POST('/v1/referrals', { body: base() }));
    expect(again.status).toBe(409);
  });

  it('refuses once the consent is withdrawn', async () => {
    answer(await c.iom!.api.POST('/v1/consents/{id}/withdraw', { params: { path: { id: consentId } }, body: { requestedBy: 'subject', method: 'written', reason: 'no' } }));
    const res = answer(await c.iom!.api.POST('/v1/referrals', { body: { ...base(), service: 'legal_aid' } }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'consentId', check: 'consent_withdrawn' }));
  });
});

describe('figures', () => {
  it('hides a lone small count together with the next smallest', async () => {
    const { suppressGroup } = await import('@ponte/core');
    expect(suppressGroup({ accepted: 12, declined: 2, completed: 7 })).toEqual({ accepted: 12, declined: '<5', completed: '<5' });
    expect(suppressGroup({ accepted: 12, declined: 8 })).toEqual({ accepted: 12, declined: 8 });
    expect(suppressGroup({ a: 1, b: 3, c: 9 })).toEqual({ a: '<5', b: '<5', c: 9 });
  });

  it('counts referrals by status and service, suppressing small counts', async () => {
    const figures = answer(await c.csAdmin!.api.GET('/v1/referral-figures'));
    expect(figures.status).toBe(200);
    expect(figures.body.suppressedBelow).toBe(5);
    for (const group of [figures.body.received.byStatus, figures.body.received.byService, figures.body.sent.byStatus]) {
      const values = Object.values(group);
      for (const value of values) expect(value === '<5' || (value as number) >= 5).toBe(true);
      // Never a single hidden cell that the total would give back.
      expect(values.filter((v) => v === '<5').length).not.toBe(1);
    }
    const rate = figures.body.received.acceptanceRate;
    if (rate !== null) expect(rate * figures.body.received.total).toBeGreaterThanOrEqual(5);
    expect((answer(await c.csCaseworker!.api.GET('/v1/referral-figures'))).status).toBe(403);
  });
});
