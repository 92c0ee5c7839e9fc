import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * A read and a withdrawal never interleave: a read either completes before the withdrawal
 * commits or is refused. Shown on a PostgreSQL server, where they can run at the same time
 * (embedded PGlite runs one transaction at a time, which gives the same guarantee trivially).
 */
const onServer = inject('database').kind === 'postgres';
let hub: TestHub;
let token: string;

beforeAll(async () => {
  hub = await createTestHub();
  token = await hub.tokenFor('iom', 'caseworker');
});
afterAll(() => hub?.close());

async function subjectWithConsent() {
  const subject = (await (await hub.call('POST', '/v1/subjects', {
    token,
    json: { identity: { givenName: 'Teresa', familyName: 'Langa', dateOfBirth: '1990-01-01', sex: 'female', languages: ['pt'] } },
  })).json()) as { id: string };
  const consent = (await (await hub.call('POST', `/v1/subjects/${subject.id}/consents`, {
    token,
    json: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['protection_assistance'], recipients: [], categories: ['identity'], legalBasis: 'consent', validUntil: new Date(Date.now() + 86400_000).toISOString() },
  })).json()) as { consent: { id: string } };
  return { subjectId: subject.id, consentId: consent.consent.id };
}

describe.runIf(onServer)('a read racing a withdrawal', () => {
  it('waits for an uncommitted withdrawal and is then refused', async () => {
    const { subjectId } = await subjectWithConsent();
    expect((await hub.call('GET', `/v1/subjects/${subjectId}`, { token })).status).toBe(200);

    // A withdrawal in flight in another session: it holds the subject row, as the verb does.
    const client = new pg.Client({ connectionString: hub.database.url });
    await client.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ agency_id: string }>('select agency_id from subjects where id = $1 for update', [subjectId]);
      const { rows: consents } = await client.query<{ consent_id: string }>('select consent_id from consents where subject_id = $1', [subjectId]);
      await client.query(
        `insert into consent_withdrawals (agency_id, consent_id, requested_by, method, reason, withdrawn_by, withdrawn_at)
         values ($1, $2, 'subject', 'written', 'race', $1, now())`,
        [rows[0]!.agency_id, consents[0]!.consent_id],
      );
      let settled = false;
      const read = hub.call('GET', `/v1/subjects/${subjectId}`, { token }).then((res) => {
        settled = true;
        return res;
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(settled).toBe(false);
      await client.query('commit');
      const res = await read;
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ rule: 'consent.withdrawn' });
    } finally {
      await client.end();
    }
  });

  it('never returns data from a read that finished after the withdrawal returned', async () => {
    const { subjectId, consentId } = await subjectWithConsent();
    const reads: Array<Promise<{ status: number; finished: number }>> = [];
    let withdrawnAt = Infinity;
    const withdrawal = hub
      .call('POST', `/v1/consents/${consentId}/withdraw`, { token, json: { requestedBy: 'subject', method: 'written', reason: 'race' } })
      .then((res) => {
        withdrawnAt = performance.now();
        return res.status;
      });
    for (let i = 0; i < 20; i++)
      reads.push(hub.call('GET', `/v1/subjects/${subjectId}`, { token }).then((res) => ({ status: res.status, finished: performance.now() })));
    expect(await withdrawal).toBe(200);
    const results = await Promise.all(reads);
    const after = await hub.call('GET', `/v1/subjects/${subjectId}`, { token });
    expect(after.status).toBe(403);
    for (const r of results) if (r.status === 200) expect(r.finished).toBeLessThanOrEqual(withdrawnAt + 50);
    for (const r of results) expect([200, 403]).toContain(r.status);
  });
});
