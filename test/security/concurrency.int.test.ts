import { sealLog, verifyLog } from '@ponte/audit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/figures';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * Many clients at once, for a fixed time: sending, accepting (two people racing), reading and
 * withdrawing consent. Afterwards every invariant holds: one acceptance per referral, no read
 * that began after a withdrawal was acknowledged, no 5xx, and the access log verifies.
 */
const DURATION_MS = Number(process.env.PONTE_SOAK_MS ?? 6000);

let hub: TestHub;
const t: Record<string, string> = {};
const ids: Record<string, string> = {};

const call = async (who: string, method: string, path: string, body?: unknown) => {
  const res = await hub.call(method, path, { token: t[who], ...(body !== undefined ? { json: body } : {}) });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
};

beforeAll(async () => {
  hub = await createTestHub({ rateLimitPerMinute: 1_000_000 });
  for (const [name, agency, user] of [
    ['sender', 'iom', 'caseworker'],
    ['focal', 'caminho-seguro', 'focal-point'],
    ['supervisor', 'caminho-seguro', 'supervisor'],
    ['reader', 'caminho-seguro', 'caseworker'],
  ] as const) {
    t[name] = await hub.tokenFor(agency, user);
    ids[name] = (await call(name, 'GET', '/v1/me')).body.id;
  }
});
afterAll(() => hub?.close());

describe('under concurrent load', () => {
  it(`keeps every invariant for ${DURATION_MS} ms of mixed traffic`, async () => {
    const deadline = Date.now() + DURATION_MS;
    const referrals: Array<{ id: string; consentId: string }> = [];
    const withdrawnAt = new Map<string, number>();
    const reads: Array<{ consentId: string; startedAt: number; status: number }> = [];
    const statuses: number[] = [];
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

    const sender = async () => {
      while (Date.now() < deadline) {
        const subject = await call('sender', 'POST', '/v1/subjects', { identity: { givenName: 'Soak', familyName: 'Test', estimatedAge: 28, sex: 'female', languages: ['pt'] } });
        const consent = await call('sender', 'POST', `/v1/subjects/${subject.body.id}/consents`, {
          grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'],
          categories: ['identity'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z',
        });
        const sent = await call('sender', 'POST', '/v1/referrals', {
          to: 'caminho-seguro', subjectId: subject.body.id, consentId: consent.body.consent.id, service: 'legal_aid', purpose: 'return_reintegration', urgency: 'routine', categories: ['identity'],
        });
        statuses.push(subject.status, consent.status, sent.status);
        if (sent.status === 201) referrals.push({ id: sent.body.id, consentId: consent.body.consent.id });
      }
    };
    const acceptor = (who: string) => async () => {
      while (Date.now() < deadline) {
        const referral = pick(referrals);
        if (!referral) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        const res = await call(who, 'POST', `/v1/referrals/${referral.id}/accept`, { assigneeId: ids.reader });
        statuses.push(res.status);
      }
    };
    const reader = async () => {
      while (Date.now() < deadline) {
        const referral = pick(referrals);
        if (!referral) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        const startedAt = Date.now();
        const res = await call('reader', 'GET', `/v1/referrals/${referral.id}/subject`);
        statuses.push(res.status);
        reads.push({ consentId: referral.consentId, startedAt, status: res.status });
      }
    };
    const withdrawer = async () => {
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 150));
        const referral = pick(referrals);
        if (!referral || withdrawnAt.has(referral.consentId)) continue;
        const res = await call('sender', 'POST', `/v1/consents/${referral.consentId}/withdraw`, { requestedBy: 'subject', method: 'written', reason: 'soak' });
        statuses.push(res.status);
        if (res.status === 200) withdrawnAt.set(referral.consentId, Date.now());
      }
    };
    await Promise.all([sender(), sender(), acceptor('focal')(), acceptor('supervisor')(), reader(), reader(), withdrawer()]);

    const serverErrors = statuses.filter((s) => s >= 500).length;
    const { rows: doubles } = await sql<{ n: number }>`
      select count(*)::int as n from (select referral_id from referral_transitions where to_status = 'accepted' and from_status = 'sent' group by referral_id having count(*) > 1) d`.execute(hub.database.db);
    const lateReads = reads.filter((r) => r.status === 200 && withdrawnAt.has(r.consentId) && r.startedAt > withdrawnAt.get(r.consentId)!);
    await sealLog({ db: hub.database.db, tokens: hub.tokens });
    const verification = await verifyLog({ db: hub.database.db, tokens: hub.tokens });
    console.log(
      `concurrency: ${statuses.length} requests in ${DURATION_MS} ms; ${referrals.length} referrals, ${withdrawnAt.size} withdrawals, ${reads.filter((r) => r.status === 200).length} reads served; ${serverErrors} 5xx, ${doubles[0]!.n} double acceptances, ${lateReads.length} reads after a withdrawal; log of ${verification.events} events ${verification.ok ? 'verifies' : 'does NOT verify'}`,
    );
    recordFigures('concurrency', { requests: statuses.length, serverErrors, doubleAcceptances: doubles[0]!.n, lateReads: lateReads.length });
    expect(referrals.length).toBeGreaterThan(3);
    expect(serverErrors).toBe(0);
    expect(doubles[0]!.n).toBe(0);
    expect(lateReads).toEqual([]);
    expect(verification.ok).toBe(true);
  }, DURATION_MS + 120_000);
});
