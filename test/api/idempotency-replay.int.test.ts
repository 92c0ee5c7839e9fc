import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * `Idempotency-Key` as Stripe keeps it: a retry gets the stored answer marked
 * `Idempotent-Replayed: true`; a refusal the verb gave (a 4xx) is stored and replayed as well, even
 * when the state it was decided on has changed since; a refusal of the key itself (409 in flight,
 * 422 reused) and 429 are never stored; the key with another body is 422 naming the header.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 1_000_000 });
});
afterAll(() => hub?.close());

const person = (name: string) => ({ identity: { givenName: name, familyName: 'Replay', estimatedAge: 30, sex: 'female', languages: ['pt'] } });
const storedStatus = async (key: string) =>
  (await sql<{ status: number }>`select status from idempotency_keys where key = ${key}`.execute(hub.database.db)).rows.map((r) => r.status);

/** Sends a request twice under one key: both times `status`, the second time marked replayed. */
async function sentTwice(send: () => Promise<Response>, status: number): Promise<[Response, Response]> {
  const first = await send();
  expect(first.status).toBe(status);
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  const second = await send();
  expect(second.status).toBe(status);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  return [first, second];
}

describe('a replayed answer', () => {
  it('carries Idempotent-Replayed: true, and the first answer does not', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const [first, second] = await sentTwice(() => hub.call('POST', '/v1/subjects', { token, json: person('Replayed'), headers: { 'idempotency-key': 'replay-201' } }), 201);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await second.json()).toEqual(await first.json());
  });

  it('a 4xx the verb gave is stored and replayed as it was, though the state changed since, and nothing else was written', async () => {
    const supervisor = await hub.tokenFor('iom', 'supervisor');
    const created = await hub.call('POST', '/v1/subjects', { token: supervisor, json: person('Stale') });
    const { id } = (await created.json()) as { id: string };
    const etag = created.headers.get('etag')!;
    const assign = (ifMatch: string) =>
      hub.call('POST', `/v1/subjects/${id}/assignment`, { token: supervisor, json: { assignedUserId: null, reason: 'team rota' }, headers: { 'if-match': ifMatch, 'idempotency-key': 'replay-412' } });
    const first = await assign('"99"');
    expect(first.status).toBe(412);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = (await first.json()) as Record<string, unknown>;
    expect(await storedStatus('replay-412')).toEqual([412]);
    // The same key and body with the version that would now pass: the stored refusal, not a new answer.
    const second = await assign(etag);
    expect(second.status).toBe(412);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    const { requestId: _a, ...firstRest } = firstBody;
    const { requestId: _b, ...secondRest } = (await second.json()) as Record<string, unknown>;
    expect(secondRest).toEqual(firstRest);
    const { rows } = await sql<{ version: number }>`select version from subjects where id = ${id}`.execute(hub.database.db);
    expect(rows[0]!.version).toBe(Number(etag.replaceAll('"', '')));
  });

  it('a 404 is stored and replayed', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const consent = { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: [], categories: ['legal'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z' };
    const missing = randomUUID();
    await sentTwice(() => hub.call('POST', `/v1/subjects/${missing}/consents`, { token, json: consent, headers: { 'idempotency-key': 'replay-404' } }), 404);
    expect(await storedStatus('replay-404')).toEqual([404]);
  });
});

describe('what is not stored', () => {
  it('the key sent with another body is 422 naming the header, and stores nothing over the first answer', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const first = await hub.call('POST', '/v1/subjects', { token, json: person('Reused'), headers: { 'idempotency-key': 'replay-reused' } });
    expect(first.status).toBe(201);
    const other = await hub.call('POST', '/v1/subjects', { token, json: person('Other'), headers: { 'idempotency-key': 'replay-reused' } });
    expect(other.status).toBe(422);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused', errors: [{ in: 'header', field: 'idempotency-key', check: 'same_request' }] });
    expect(await storedStatus('replay-reused')).toEqual([200]);
    const again = await hub.call('POST', '/v1/subjects', { token, json: person('Reused'), headers: { 'idempotency-key': 'replay-reused' } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('409 in flight is not stored: the request that held the key answers, and its answer is what a retry gets', async () => {
    const token = await hub.tokenFor('iom', 'caseworker');
    const send = () => hub.call('POST', '/v1/subjects', { token, json: person('InFlight'), headers: { 'idempotency-key': 'replay-in-flight' } });
    const answers = await Promise.all([send(), send(), send()]);
    expect(answers.map((a) => a.status)).toContain(201);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('403 is not stored: authority is decided again at every request', async () => {
    const caseworker = await hub.tokenFor('iom', 'caseworker');
    for (let i = 0; i < 2; i++) {
      const res = await hub.call('POST', '/v1/log/verify', { token: caseworker, json: {}, headers: { 'idempotency-key': 'replay-403' } });
      expect(res.status).toBe(403);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(await storedStatus('replay-403')).toEqual([]);
  });

  it('429 is not stored: once the limit allows, the key does the work', async () => {
    const limited = await createTestHub({ rateLimitPerMinute: 2 });
    try {
      const token = await limited.tokenFor('iom', 'caseworker');
      let status = 0;
      for (let i = 0; i < 5 && status !== 429; i++)
        status = (await limited.call('POST', '/v1/subjects', { token, json: person('Limited'), headers: { 'idempotency-key': `replay-429-${i}` } })).status;
      expect(status).toBe(429);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys where status = 429`.execute(limited.database.db);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await limited.close();
    }
  });
});
