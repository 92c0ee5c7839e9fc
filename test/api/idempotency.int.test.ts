import { sweepExpiredIdempotencyKeys } from '@ponte/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';
import { fixture, principalTokens, TABLE, type Who } from '../security/access-matrix';

/**
 * `Idempotency-Key` on every changing POST: the key is claimed, the work done and the answer
 * stored in one transaction, so an answer the client never got can be had again and the work is
 * never done twice; a second request with the key while the first is in flight is told so (409),
 * never a 500; keys expire.
 */
let hub: TestHub;
let clock = Date.now();
const now = () => new Date(clock);
const person = (name: string) => ({ identity: { givenName: name, familyName: 'Idem', estimatedAge: 30, sex: 'female', languages: ['pt'] } });
const countSubjects = async (name: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from subjects where identity->>'givenName' = ${name}`.execute(hub.database.db)).rows[0]!.n;

beforeAll(async () => {
  hub = await createTestHub({ now, rateLimitPerMinute: 1_000_000 });
});
afterAll(() => hub?.close());

describe('Idempotency-Key', () => {
  it('two requests with one key at the same moment create one record, and neither is a 500', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    for (let pair = 0; pair < 10; pair++) {
      const name = `Simultaneous${pair}`;
      const send = () => hub.call('POST', '/v1/subjects', { token, json: person(name), headers: { 'idempotency-key': `pair-${pair}` } });
      const answers = await Promise.all([send(), send()]);
      const statuses = answers.map((a) => a.status).sort();
      const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ id?: string; code?: string }>));
      for (const [i, status] of answers.map((a) => a.status).entries()) {
        expect([201, 409]).toContain(status);
        if (status === 409) {
          expect(bodies[i]).toMatchObject({ code: 'idempotency_in_flight' });
          expect(answers[i]!.headers.get('retry-after')).toBe('1');
        }
      }
      expect(statuses).toContain(201);
      expect(await countSubjects(name)).toBe(1);
      // Asked again once both are done: the first answer, and still one record.
      const again = await send();
      expect(again.status).toBe(201);
      expect(((await again.json()) as { id: string }).id).toBe(bodies.find((b) => b.id)!.id);
      expect(await countSubjects(name)).toBe(1);
    }
  });

  it('an answer that could not be stored leaves no record behind (the work and the key are one transaction)', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    // Storing any key fails as a database outage would, after the subject was written in the same request.
    await sql.raw(`
      create function ponte_test_refuse_key() returns trigger language plpgsql as $$
      begin raise exception 'storage went away' using errcode = '57P01'; end $$;
      create trigger ponte_test_refuse_key before insert on idempotency_keys for each row execute function ponte_test_refuse_key();`).execute(hub.database.db);
    try {
      const res = await hub.call('POST', '/v1/subjects', { token, json: person('Unstored'), headers: { 'idempotency-key': 'unstored-1' } });
      expect(res.status).toBe(503);
      expect(await countSubjects('Unstored')).toBe(0);
    } finally {
      await sql.raw('drop trigger ponte_test_refuse_key on idempotency_keys; drop function ponte_test_refuse_key()').execute(hub.database.db);
    }
    // The retry with the same key then does the work, once.
    const retry = await hub.call('POST', '/v1/subjects', { token, json: person('Unstored'), headers: { 'idempotency-key': 'unstored-1' } });
    expect(retry.status).toBe(201);
    expect(await countSubjects('Unstored')).toBe(1);
  });

  it('the hub operator’s creations are idempotent too', async () => {
    const operator = await hub.login(undefined, 'operator');
    const agreement = { from: 'pgr', to: 'unicef', purposes: ['medical_care'], categories: ['health'], validFrom: '2026-01-01', validUntil: '2026-12-31', documentRef: 'DSA-IDEM' };
    const send = () => hub.call('POST', '/v1/agreements', { token: operator, json: agreement, headers: { 'idempotency-key': 'agreement-idem-1' } });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await second.json()).toEqual(await first.json());
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from agreements where document_ref = 'DSA-IDEM'`.execute(hub.database.db);
    expect(rows[0]!.n).toBe(1);
  });

  it('keys expire: swept in bounded batches, after which the key is free for a new request', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const first = await hub.call('POST', '/v1/subjects', { token, json: person('Expiring'), headers: { 'idempotency-key': 'expiring-1' } });
    expect(first.status).toBe(201);
    const stored = async () => (await sql<{ n: number }>`select count(*)::int as n from idempotency_keys`.execute(hub.database.db)).rows[0]!.n;
    const before = await stored();
    expect(before).toBeGreaterThan(0);
    // Within the day the key still replays.
    clock += 23 * 3_600_000;
    expect(((await (await hub.call('POST', '/v1/subjects', { token, json: person('Expiring'), headers: { 'idempotency-key': 'expiring-1' } })).json()) as { id: string }).id).toBe(
      ((await first.json()) as { id: string }).id,
    );
    // Past it, the sweep removes every expired key, a batch at a time.
    clock += 2 * 3_600_000;
    const swept = await sweepExpiredIdempotencyKeys({ db: hub.database.db, now, batchSize: 2 });
    expect(swept).toBe(before);
    expect(await stored()).toBe(0);
    const reused = await hub.call('POST', '/v1/subjects', { token, json: person('Expiring'), headers: { 'idempotency-key': 'expiring-1' } });
    expect(reused.status).toBe(201);
    expect(await countSubjects('Expiring')).toBe(2);
    clock = Date.now();
  });
});

describe('a verification of the log, queued twice under one key', () => {
  it('is queued once and answered the same both times; a person who may not verify is refused whatever the key', async () => {
    const privacy = await hub.tokenFor('iom', 'privacy');
    const queued = async () => (await sql<{ n: number }>`select count(*)::int as n from log_verifications`.execute(hub.database.db)).rows[0]!.n;
    const before = await queued();
    const answers = [];
    for (let i = 0; i < 2; i++) {
      const res = await hub.call('POST', '/v1/log/verify', { token: privacy, json: {}, headers: { 'idempotency-key': 'verify-twice' } });
      expect(res.status).toBe(202);
      answers.push(await res.json());
    }
    expect(answers[1]).toEqual(answers[0]);
    expect((await queued()) - before).toBe(1);
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    expect((await hub.call('POST', '/v1/log/verify', { token: caseworker, json: {}, headers: { 'idempotency-key': 'verify-twice' } })).status).toBe(403);
  });
});

describe('every changing POST, sent twice under one key', () => {
  it('answers the same both times and changes nothing the second time', async () => {
    const tokens = await principalTokens(hub);
    const f = await fixture(hub, tokens, '2099-01-01T00:00:00Z');
    const counts = async () =>
      (
        await sql<{ s: string }>`
        select concat_ws(',', (select count(*) from agencies), (select count(*) from agreements), (select sum(case status when 'terminated' then 1 else 0 end) from agreements),
          (select count(*) from users), (select count(*) from api_clients), (select count(*) from subjects), (select sum(version) from subjects), (select count(*) from subject_assignments),
          (select count(*) from consents), (select count(*) from consent_withdrawals), (select count(*) from referrals), (select sum(version) from referrals),
          (select count(*) from referral_transitions), (select count(*) from webhook_endpoints), (select count(*) from access_reviews), (select count(*) from break_glass_grants),
          (select count(*) from events)) as s`.execute(hub.database.db)
      ).rows[0]!.s;
    // In the order a referral lives, so each step is allowed when it comes; what ends a record last.
    const order = ['POST /v1/referrals/{id}/assign', 'POST /v1/referrals/{id}/start', 'POST /v1/referrals/{id}/complete', 'POST /v1/consents/{id}/withdraw', 'POST /v1/consent-receipts/withdrawal', 'POST /v1/subjects/{id}/erasure', 'POST /v1/users/{id}/disable', 'POST /v1/api-clients/{id}/revoke', 'POST /v1/agreements/{id}/terminate'];
    const routes = Object.entries(TABLE)
      .filter(([route, row]) => route.startsWith('POST ') && !row.skip && Array.isArray(row.ok) && row.ok.length > 0 && !['POST /v1/referrals/{id}/send', 'POST /v1/referrals/{id}/decline', 'POST /v1/referrals/{id}/withdraw', 'POST /v1/referrals/{id}/accept'].includes(route))
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    const tried: string[] = [];
    for (const [route, row] of routes) {
      const who = (row.ok as readonly Who[])[0]!;
      const path = row.path ? row.path(f) : route.split(' ')[1]!;
      const options = { token: tokens[who]!, ...(row.body ? { json: row.body(f) } : { json: {} }), headers: { 'idempotency-key': `twice:${route.replaceAll(' ', ':')}`, 'if-match': '*' } };
      const first = await hub.call('POST', path, options);
      if (first.status >= 300) continue; // refused for a reason of its own (the flows test those)
      const firstBody = await first.json();
      const before = await counts();
      const second = await hub.call('POST', path, options);
      expect({ route, status: second.status }).toEqual({ route, status: first.status });
      if (!route.includes('/verify')) expect({ route, body: await second.json() }).toEqual({ route, body: firstBody });
      expect({ route, counts: await counts() }).toEqual({ route, counts: before });
      tried.push(route);
    }
    // Creations and changes of every kind were tried.
    expect(tried).toEqual(expect.arrayContaining(['POST /v1/subjects', 'POST /v1/subjects/{id}/consents', 'POST /v1/referrals', 'POST /v1/agreements', 'POST /v1/users', 'POST /v1/webhook-endpoints', 'POST /v1/access-reviews']));
  });
});
